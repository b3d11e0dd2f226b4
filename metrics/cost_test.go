package metrics

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

func cents(c int64) money.Amount { return money.Amount(c) }

// costHistory: Ana's account at 1,200 and a pooled one at 2,400, every
// month of 2025-01..2026-01, so the total ARR is 3,600.
func costHistory(t *testing.T) *History {
	return history(t, "2025-01",
		acct{Account{ID: "a", CSM: "Ana"}, repeat(13, 1200)},
		acct{Account{ID: "b"}, repeat(13, 2400)},
	)
}

func TestCosts(t *testing.T) {
	h := costHistory(t)
	asOf := month(t, "2026-01")
	var costs []Cost
	var revenue []Revenue
	costs = append(costs, Cost{Month: month(t, "2025-01"), Category: "csm", Amount: units(999), Headcount: -1}) // before the window
	for m := month(t, "2025-02"); m <= asOf; m++ {
		costs = append(costs,
			Cost{Month: m, Category: "csm", Amount: units(100), Headcount: 250},
			Cost{Month: m, Category: "support", Amount: units(50), Headcount: -1})
		revenue = append(revenue, Revenue{Month: m, Amount: units(1000)})
	}
	t12m := Retention{CohortAccounts: 2, RetainedARR: units(3000), Expansion: units(600)}

	r := Costs(h, costs, revenue, t12m, asOf)
	// 12 months of 150 over 12 months of 1,000.
	w := r.T12M
	if w.CSCost != units(1800) || w.Revenue != units(12000) || !near(w.CostToRetain, 0.15) {
		t.Errorf("t12m = %+v", w)
	}
	if !near(w.CostPerRetainedARR, 0.6) || !near(w.MagicNumber, 2) { // 1,800/3,000; (3,000+600)/1,800
		t.Errorf("per retained %v, magic %v", w.CostPerRetainedARR, w.MagicNumber)
	}
	if len(r.Monthly) != 12 || r.Monthly[0].Month != month(t, "2025-02") || !near(r.Monthly[11].CostToRetain, 0.15) {
		t.Errorf("monthly = %+v", r.Monthly)
	}
	if c := r.ByCategory["csm"]; c.Cost != units(1200) || !near(c.Share, 2.0/3) || !near(c.CostToRetain, 0.1) {
		t.Errorf("csm = %+v", c)
	}
	if _, ok := r.ByCategory["tooling"]; ok {
		t.Error("a category with no cost is listed")
	}
	// 2.5 CSMs from the csm headcount: 3,600 / 2.5 and 2 accounts / 2.5.
	if r.CSMHeadcount != 2.5 || r.HeadcountBasis != "cs_costs.csv" || r.ARRPerCSM != units(1440) || r.AccountsPerCSM != 0.8 {
		t.Errorf("per CSM: %v %s %s %v", r.CSMHeadcount, r.HeadcountBasis, r.ARRPerCSM, r.AccountsPerCSM)
	}

	// Without revenue_monthly.csv a month's revenue is its ARR / 12 = 300;
	// without headcount, the CSMs are the distinct named ones: Ana.
	for i := range costs {
		costs[i].Headcount = -1
	}
	r = Costs(h, costs, nil, t12m, asOf)
	if r.RevenueSource != "arr" || r.T12M.Revenue != units(3600) || !near(r.T12M.CostToRetain, 0.5) {
		t.Errorf("from ARR: %s %+v", r.RevenueSource, r.T12M)
	}
	if r.CSMHeadcount != 1 || r.HeadcountBasis != "accounts.csv" || r.ARRPerCSM != units(3600) {
		t.Errorf("per named CSM: %v %s %s", r.CSMHeadcount, r.HeadcountBasis, r.ARRPerCSM)
	}

	// No cost and no revenue: undefined, never NaN.
	r = Costs(history(t, "2025-01", acct{arr: repeat(13, 0)}), nil, nil, Retention{}, asOf)
	if r.T12M.CostToRetain.OK || r.T12M.MagicNumber.OK || r.ARRPerCSM != 0 {
		t.Errorf("empty = %+v", r.T12M)
	}
}

func TestInitiativeROI(t *testing.T) {
	qbr := Initiative{
		Name: "QBR deck automation", Launched: month(t, "2025-02"),
		CSMsAffected: 22, HoursPerCSM: 650, HourlyCost: units(95),
		OneTimeCost: units(18000), MonthlyCost: units(450),
	}
	later := Initiative{Name: "Later", Launched: month(t, "2025-06"), CSMsAffected: 5, HoursPerCSM: 100, HourlyCost: units(90), OneTimeCost: units(1000)}
	r := InitiativeROI([]Initiative{qbr, later}, month(t, "2025-04"), month(t, "2025-07").LastDay(), DefaultROIConfig())

	// 22 CSMs x 6.5 h = 143 h a month, x $95 = $13,585 a month, for the
	// three months Feb-Apr: $40,755. Cost: 18,000 + 3 x 450 = $19,350.
	// Month 1 saves 13,585 < 18,450; month 2 saves 27,170 >= 18,900.
	x := r.Initiatives[0]
	want := 21405.0 / 19350
	if *x.MonthsLive != 3 || x.HoursSavedPerMonth != 143 || x.Savings != units(40755) || x.Cost != units(19350) ||
		!near(x.ROI, want) || x.PaybackMonth == nil || *x.PaybackMonth != month(t, "2025-03") || !x.PaidBack {
		t.Errorf("qbr = %+v", x)
	}
	if math.Abs(x.HeadcountAvoided-143.0/120) > 1e-12 || x.AccountsUnlocked != 35.75 {
		t.Errorf("headcount %v, accounts %v", x.HeadcountAvoided, x.AccountsUnlocked)
	}
	if len(x.CumulativeSaving) != 3 || x.CumulativeSaving[0] != units(13585) || x.CumulativeCost[0] != units(18450) {
		t.Errorf("cumulative = %v / %v", x.CumulativeSaving, x.CumulativeCost)
	}
	// Launched after the as-of month: not started, nothing saved or spent.
	if y := r.Initiatives[1]; y.MonthsLive == nil || *y.MonthsLive != 0 || y.Savings != 0 || y.Cost != 0 || y.ROI.OK || y.PaybackMonth != nil || y.HoursSavedPerMonth != 0 {
		t.Errorf("later = %+v", y)
	}
	if tot := r.Total; tot.Savings != units(40755) || tot.Cost != units(19350) || tot.HoursSavedPerMonth != 143 || !near(tot.ROI, want) {
		t.Errorf("total = %+v", tot)
	}

	// Fractional cents round once, on the total: 3.33 h x $10.01 = 33.3333.
	odd := Initiative{Launched: month(t, "2025-04"), CSMsAffected: 1, HoursPerCSM: 333, HourlyCost: cents(1001)}
	if got := InitiativeROI([]Initiative{odd}, month(t, "2025-04"), month(t, "2025-04").LastDay(), DefaultROIConfig()).Initiatives[0].Savings; got != cents(3333) {
		t.Errorf("savings = %s, want 33.33", got)
	}
}

func TestMaturity(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	f := Framework{ID: "cs-value", Title: "Value", Scale: ScaleQuality, Questions: []Question{{ID: "q1"}, {ID: "q2"}, {ID: "q3"}}}
	empty := Framework{ID: "role-rubric", Scale: ScaleQuality, Questions: []Question{{ID: "why"}}}
	ratings := []Rating{
		{Date: day("2025-10-01"), Framework: "cs-value", Question: "q1", Value: 3}, // older than both: ignored
		{Date: day("2026-04-15"), Framework: "cs-value", Question: "q1", Value: 1},
		{Date: day("2026-04-15"), Framework: "cs-value", Question: "q2", Value: 2},
		{Date: day("2026-04-15"), Framework: "cs-value", Question: "q3", Value: 2},
		{Date: day("2026-10-15"), Framework: "cs-value", Question: "q1", Value: 2, Evidence: "e"},
		{Date: day("2026-10-15"), Framework: "cs-value", Question: "q2", Value: 2},
	}
	got := Maturity([]Framework{f, empty}, ratings, month(t, "2026-10").LastDay())
	s := got[0]
	// Latest: (2 + 2) / 2 with q3 not assessed; previous: (1 + 2 + 2) / 3.
	if s.Date != "2026-10-15" || s.PreviousDate != "2026-04-15" || !near(s.Score, 2) || !near(s.PreviousScore, 5.0/3) {
		t.Errorf("score = %+v", s)
	}
	want := []struct {
		rating, previous int
		dir              string
	}{{2, 1, "up"}, {2, 2, "same"}, {0, 2, ""}}
	for i, w := range want {
		q := s.Questions[i]
		if q.Rating != w.rating || q.Previous != w.previous || q.Direction != w.dir {
			t.Errorf("%s = %+v, want %+v", q.ID, q, w)
		}
	}
	if e := got[1]; e.Score.OK || e.PreviousScore.OK || e.Questions[0].Rating != 0 {
		t.Errorf("a framework never assessed = %+v", e)
	}
}

func TestCostsRevenueGap(t *testing.T) {
	h := costHistory(t)
	asOf := month(t, "2026-01")
	// revenue_monthly.csv stops at 2025-12: January's revenue is its ARR / 12
	// (3,600 / 12 = 300), not zero.
	var revenue []Revenue
	for m := month(t, "2025-02"); m < asOf; m++ {
		revenue = append(revenue, Revenue{Month: m, Amount: units(1000)})
	}
	r := Costs(h, nil, revenue, Retention{}, asOf)
	if r.T12M.Revenue != units(11300) || len(r.RevenueFromARR) != 1 || r.RevenueFromARR[0] != asOf {
		t.Errorf("revenue %s, from ARR %v", r.T12M.Revenue, r.RevenueFromARR)
	}
}

func TestInitiativeROITrailingYear(t *testing.T) {
	// Launched 2025-02, as of 2026-06: 17 months live, the trailing year is
	// 2025-07..2026-06, so 5 live months fall before it and the one-time
	// cost is outside it. Savings: 10 h x $100 = $1,000 a month.
	in := Initiative{Launched: month(t, "2025-02"), CSMsAffected: 2, HoursPerCSM: 500, HourlyCost: units(100),
		OneTimeCost: units(5000), MonthlyCost: units(200)}
	asOf := month(t, "2026-06")
	x := InitiativeROI([]Initiative{in}, asOf, asOf.LastDay(), DefaultROIConfig()).Initiatives[0]
	if *x.MonthsLive != 17 || x.Savings != units(17000) || x.Cost != units(5000+17*200) {
		t.Fatalf("since launch = %+v", x)
	}
	// 12 x 1,000 saved against 12 x 200: ROI (12,000 - 2,400) / 2,400 = 4.
	if w := x.T12M; w.Savings != units(12000) || w.Cost != units(2400) || !near(w.ROI, 4) {
		t.Errorf("t12m = %+v", w)
	}
	// Launched inside the window: the one-time cost counts.
	in.Launched = month(t, "2026-04")
	x = InitiativeROI([]Initiative{in}, asOf, asOf.LastDay(), DefaultROIConfig()).Initiatives[0]
	if w := x.T12M; w.Savings != units(3000) || w.Cost != units(5600) || w.Savings != x.Savings || w.Cost != x.Cost {
		t.Errorf("t12m of a young initiative = %+v", w)
	}
}

func TestInitiativeROITrailingYearRoundsOnce(t *testing.T) {
	// 18 CSMs x 7.7 h x $55.03 = $7,627.158 a month. Launched 2025-06, as
	// of 2026-06: 13 months live, one before the trailing year. The
	// trailing year's savings are 12 x 7,627.158 = 91,525.896, rounded once
	// to 91,525.90; the difference of the two rounded figures, 99,153.05 -
	// 7,627.16, would be 91,525.89.
	in := Initiative{Launched: month(t, "2025-06"), CSMsAffected: 18, HoursPerCSM: 770, HourlyCost: cents(5503)}
	asOf := month(t, "2026-06")
	r := InitiativeROI([]Initiative{in}, asOf, asOf.LastDay(), DefaultROIConfig())
	if x := r.Initiatives[0]; x.Savings != cents(9915305) || x.T12M.Savings != cents(9152590) {
		t.Errorf("savings %s, t12m %s; want 99153.05 and 91525.90", x.Savings, x.T12M.Savings)
	}
	if r.Total.T12M.Savings != cents(9152590) {
		t.Errorf("total t12m savings %s, want 91525.90", r.Total.T12M.Savings)
	}
}

func TestInitiativeROIAsOfDate(t *testing.T) {
	// As of 2026-06-30: one initiative launched on the day, one known but
	// launched in July (live 0 months: it has not started), one launched
	// after the as-of date, which was not known then.
	day := func(s string) period.Day {
		d, err := period.ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	mk := func(name, launched string) Initiative {
		d := day(launched)
		return Initiative{Name: name, Launched: d.Month(), LaunchedOn: d, CSMsAffected: 1, HoursPerCSM: 100, HourlyCost: units(50), OneTimeCost: units(10)}
	}
	asOf := month(t, "2026-06")
	list := []Initiative{mk("today", "2026-06-30"), mk("july", "2026-07-01"), mk("later", "2026-07-02")}
	r := InitiativeROI(list, asOf, day("2026-07-01"), DefaultROIConfig())
	if len(r.Initiatives) != 2 || r.Initiatives[0].Name != "today" || r.Initiatives[1].Name != "july" {
		t.Fatalf("initiatives = %+v, want today and july", r.Initiatives)
	}
	if x := r.Initiatives[0]; *x.MonthsLive != 1 || x.Savings != units(50) || x.Cost != units(10) {
		t.Errorf("today = %+v", x)
	}
	y := r.Initiatives[1]
	if y.MonthsLive == nil || *y.MonthsLive != 0 || y.Savings != 0 || y.Cost != 0 {
		t.Errorf("july = %+v", y)
	}
	// months_live is in metrics.json for every initiative, 0 included, and
	// not for the total.
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(js), `"months_live":`); n != 2 || !strings.Contains(string(js), `"months_live":0`) {
		t.Errorf("months_live %d times in %s", n, js)
	}
	if r := InitiativeROI(list, asOf, day("2026-06-29"), DefaultROIConfig()); len(r.Initiatives) != 0 || r.Total.Savings != 0 {
		t.Errorf("before every launch: %+v", r)
	}
}

func TestMaturityAsOf(t *testing.T) {
	// Assessed on 2026-02-28 and on 2026-08-21. As of May only the
	// February assessment had been made, with none before it; as of
	// December 2025, none.
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	f := Framework{ID: "cs-value", Scale: ScaleQuality, Questions: []Question{{ID: "q1"}, {ID: "q2"}, {ID: "q3"}}}
	ratings := []Rating{
		{Date: day("2026-02-28"), Framework: "cs-value", Question: "q1", Value: 1},
		{Date: day("2026-02-28"), Framework: "cs-value", Question: "q2", Value: 2},
		{Date: day("2026-02-28"), Framework: "cs-value", Question: "q3", Value: 2},
		{Date: day("2026-08-21"), Framework: "cs-value", Question: "q1", Value: 2},
		{Date: day("2026-08-21"), Framework: "cs-value", Question: "q2", Value: 2},
		{Date: day("2026-08-21"), Framework: "cs-value", Question: "q3", Value: 3},
	}
	tests := []struct {
		asOf, date, previous string
		score, prev          float64 // 0: undefined
		q3, q3prev           int
		dir                  string
	}{
		{"2026-08-31", "2026-08-21", "2026-02-28", 7.0 / 3, 5.0 / 3, 3, 2, "up"},
		{"2026-08-21", "2026-08-21", "2026-02-28", 7.0 / 3, 5.0 / 3, 3, 2, "up"}, // the day itself counts
		{"2026-08-20", "2026-02-28", "", 5.0 / 3, 0, 2, 0, "new"},
		{"2026-05-31", "2026-02-28", "", 5.0 / 3, 0, 2, 0, "new"},
		{"2025-12-31", "", "", 0, 0, 0, 0, ""},
	}
	for _, tt := range tests {
		asOf, err := period.ParseDay(tt.asOf)
		if err != nil {
			t.Fatal(err)
		}
		s := Maturity([]Framework{f}, ratings, asOf)[0]
		ok := func(r Ratio, want float64) bool { return want == 0 && !r.OK || want != 0 && near(r, want) }
		q := s.Questions[2]
		if s.Date != tt.date || s.PreviousDate != tt.previous || !ok(s.Score, tt.score) || !ok(s.PreviousScore, tt.prev) ||
			q.Rating != tt.q3 || q.Previous != tt.q3prev || q.Direction != tt.dir {
			t.Errorf("as of %s: %+v", tt.asOf, s)
		}
	}
}

func TestMagicNumberOfEmptyCohort(t *testing.T) {
	// Costs but no cohort (the trailing year starts before the data): the
	// magic number is undefined, never 0; with a cohort that renewed
	// nothing it is 0.
	h := costHistory(t)
	asOf := month(t, "2026-01")
	costs := []Cost{{Month: asOf, Category: "csm", Amount: units(100), Headcount: -1}}
	if r := Costs(h, costs, nil, Retention{}, asOf); r.T12M.MagicNumber.OK || r.T12M.CostPerRetainedARR.OK {
		t.Errorf("empty cohort: magic %v, per retained %v", r.T12M.MagicNumber, r.T12M.CostPerRetainedARR)
	}
	churned := Retention{CohortAccounts: 1, StartingARR: units(10), Churn: units(10), ChurnedAccounts: 1}
	if r := Costs(h, costs, nil, churned, asOf); !r.T12M.MagicNumber.OK || r.T12M.MagicNumber.Value != 0 {
		t.Errorf("a cohort that churned: magic %v, want 0", r.T12M.MagicNumber)
	}
}
