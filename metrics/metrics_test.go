package metrics

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

func month(t testing.TB, s string) period.Month {
	t.Helper()
	m, err := period.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// acct is one account of a test history: its attributes and its ARR in
// whole units, one value per month from the history's first month.
type acct struct {
	Account
	arr []int64
}

func history(t testing.TB, first string, accounts ...acct) *History {
	t.Helper()
	months := 0
	list := make([]Account, len(accounts))
	for i, a := range accounts {
		list[i] = a.Account
		if a.ID == "" {
			list[i].ID = string(rune('a' + i))
		}
		months = max(months, len(a.arr))
	}
	h := NewHistory(list, month(t, first), months)
	for i, a := range accounts {
		for k, v := range a.arr {
			h.Add(i, h.First.Add(k), money.FromUnits(v))
		}
	}
	return h
}

// repeat returns n copies of v followed by the rest.
func repeat(n int, v int64, rest ...int64) []int64 {
	out := make([]int64, n, n+len(rest))
	for i := range out {
		out[i] = v
	}
	return append(out, rest...)
}

func units(n int64) money.Amount { return money.FromUnits(n) }

// workedExample is the example of metrics.md, as of 2026-06 with the
// history starting at S = 2025-06 (13 months):
//
//	a: 100 throughout, 150 in the last month (expansion 50)
//	b: 200 until 2026-01, churned from 2026-02 (churn 200)
//	c: 100, down to 80 from 2026-03 (contraction 20)
//	d: won in 2025-09 at 50 (new 50)
func workedExample(t testing.TB) *History {
	return history(t, "2025-06",
		acct{Account{ID: "a", Segment: "Enterprise", CSM: "Ana"}, repeat(12, 100, 150)},
		acct{Account{ID: "b", Segment: "SMB"}, repeat(8, 200, 0, 0, 0, 0, 0)},
		acct{Account{ID: "c", Segment: "SMB", CSM: "Ana"}, repeat(9, 100, 80, 80, 80, 80)},
		acct{Account{ID: "d", Segment: "SMB", CSM: "Ben"}, append(repeat(3, 0), repeat(10, 50)...)},
	)
}

func TestWorkedExample(t *testing.T) {
	h := workedExample(t)
	r, err := retention(h, month(t, "2026-06"))
	if err != nil {
		t.Fatal(err)
	}
	got := r.Retention.T12M
	want := Retention{
		From: month(t, "2025-06"), To: month(t, "2026-06"),
		NRR:           Ratio{0.575, true}, // (150 + 0 + 80) / 400
		GRR:           Ratio{0.45, true},  // (100 + 0 + 80) / 400
		LogoRetention: Ratio{2.0 / 3, true},
		LogoChurn:     Ratio{1.0 / 3, true},
		StartingARR:   units(400), EndingARR: units(230), RetainedARR: units(180),
		Expansion: units(50), Contraction: units(20), Churn: units(200),
		CohortAccounts: 3, RetainedAccounts: 2, ChurnedAccounts: 1,
	}
	if got != want {
		t.Errorf("T12M retention:\n got %+v\nwant %+v", got, want)
	}

	// The bridge covers 2025-07..2026-06: 400 + 50 new + 50 expansion
	// - 20 contraction - 200 churn = 280, the total ARR at 2026-06.
	wantBridge := Bridge{
		From: month(t, "2025-07"), To: month(t, "2026-06"),
		Start: units(400), New: units(50), Expansion: units(50), Contraction: units(20), Churn: units(200),
		End: units(280), NewLogos: 1, ChurnedLogos: 1,
	}
	if r.Bridge.T12M != wantBridge {
		t.Errorf("T12M bridge:\n got %+v\nwant %+v", r.Bridge.T12M, wantBridge)
	}
	// The month alone: only a's expansion.
	wantMonth := Bridge{
		From: month(t, "2026-06"), To: month(t, "2026-06"),
		Start: units(230), Expansion: units(50), End: units(280),
	}
	if r.Bridge.Month != wantMonth {
		t.Errorf("month bridge:\n got %+v\nwant %+v", r.Bridge.Month, wantMonth)
	}
	// The quarter 2026-04..2026-06 starts at 100 + 0 + 80 + 50 = 230.
	if q := r.Bridge.Quarter; q.From != month(t, "2026-04") || q.Start != units(230) || q.End != units(280) {
		t.Errorf("quarter bridge = %+v", q)
	}
}

func TestBreakdownsOfWorkedExample(t *testing.T) {
	_, parts := BreakDown(workedExample(t), month(t, "2025-06"), month(t, "2026-06"))
	tests := []struct {
		name          string
		got           *Retention
		start, end    int64
		nrr, grr      float64
		logos, cohort int
	}{
		{"Enterprise", parts.Segment["Enterprise"], 100, 150, 1.5, 1, 1, 1},
		{"SMB", parts.Segment["SMB"], 300, 80, 80.0 / 300, 80.0 / 300, 1, 2}, // d is outside the cohort
		{"Ana", parts.CSM["Ana"], 200, 230, 1.15, 0.9, 2, 2},
		{"pooled", parts.CSM[Pooled], 200, 0, 0, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.got
			if r == nil {
				t.Fatal("missing")
			}
			if r.StartingARR != units(tt.start) || r.EndingARR != units(tt.end) ||
				!near(r.NRR, tt.nrr) || !near(r.GRR, tt.grr) ||
				r.RetainedAccounts != tt.logos || r.CohortAccounts != tt.cohort {
				t.Errorf("got %+v", *r)
			}
		})
	}
	if _, ok := parts.CSM["Ben"]; ok {
		t.Error("Ben's only account was won after the start: his book is outside the cohort")
	}
}

func near(r Ratio, want float64) bool {
	d := r.Value - want
	return r.OK && d < 1e-12 && d > -1e-12
}

func TestEdgeCases(t *testing.T) {
	tests := []struct {
		name               string
		h                  *History
		asOf               string
		nrr, grr, logo     Ratio
		cohort             int
		bridgeNew, react   int64
		bridgeChurn, start int64
	}{
		{
			name: "churn and return counts at the ARR it came back with",
			h: history(t, "2025-01",
				acct{arr: append(repeat(4, 100), 0, 0, 0, 120, 120, 120, 120, 120, 120)}),
			asOf: "2026-01",
			nrr:  Ratio{1.2, true}, grr: Ratio{1, true}, logo: Ratio{1, true}, cohort: 1,
			react: 120, bridgeChurn: 100, start: 100,
		},
		{
			name: "empty cohort is undefined, not NaN",
			h: history(t, "2025-01",
				acct{arr: append(repeat(13, 0), 50)}),
			asOf: "2026-02",
			nrr:  Ratio{}, grr: Ratio{}, logo: Ratio{}, cohort: 0,
			bridgeNew: 50,
		},
		{
			name: "one account",
			h:    history(t, "2025-01", acct{arr: repeat(13, 70)}),
			asOf: "2026-01",
			nrr:  Ratio{1, true}, grr: Ratio{1, true}, logo: Ratio{1, true}, cohort: 1,
			start: 70,
		},
		{
			name: "new logos after the start stay outside the cohort",
			h: history(t, "2025-01",
				acct{arr: repeat(13, 100)},
				acct{arr: append(repeat(6, 0), repeat(7, 900)...)}),
			asOf: "2026-01",
			nrr:  Ratio{1, true}, grr: Ratio{1, true}, logo: Ratio{1, true}, cohort: 1,
			bridgeNew: 900, start: 100,
		},
		{
			name: "ARR after the as-of month is ignored",
			h: history(t, "2025-01",
				acct{arr: append(repeat(13, 100), 0, 0)},
				acct{arr: append(repeat(13, 0), 500, 500)}),
			asOf: "2026-01",
			nrr:  Ratio{1, true}, grr: Ratio{1, true}, logo: Ratio{1, true}, cohort: 1,
			start: 100,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := retention(tt.h, month(t, tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			got := r.Retention.T12M
			if got.NRR != tt.nrr || got.GRR != tt.grr || got.LogoRetention != tt.logo || got.CohortAccounts != tt.cohort {
				t.Errorf("retention = %+v", got)
			}
			b := r.Bridge.T12M
			if b.New != units(tt.bridgeNew) || b.Reactivation != units(tt.react) ||
				b.Churn != units(tt.bridgeChurn) || b.Start != units(tt.start) {
				t.Errorf("bridge = %+v", b)
			}
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(js), "NaN") {
				t.Errorf("JSON has NaN: %s", js)
			}
		})
	}
}

func TestEmptyRatioIsNull(t *testing.T) {
	js, err := json.Marshal(struct{ A, B Ratio }{Of(0, 0), Of(3, 4)})
	if err != nil {
		t.Fatal(err)
	}
	if string(js) != `{"A":null,"B":0.75}` {
		t.Errorf("got %s", js)
	}
}

func TestTenure(t *testing.T) {
	// As of 2026-12, S = 2025-12: first-year accounts started after 2024-12.
	h := history(t, "2024-01",
		acct{Account: Account{ID: "old"}, arr: repeat(36, 100)},                                                        // since 2024-01
		acct{Account: Account{ID: "edge"}, arr: append(repeat(11, 0), repeat(25, 10)...)},                              // since 2024-12: tenured
		acct{Account: Account{ID: "young"}, arr: append(repeat(12, 0), repeat(24, 20)...)},                             // since 2025-01: first year
		acct{Account: Account{ID: "since", Since: month(t, "2019-05")}, arr: append(repeat(14, 0), repeat(22, 40)...)}, // customer_since says tenured
	)
	_, parts := BreakDown(h, month(t, "2025-12"), month(t, "2026-12"))
	if got := parts.Tenure[Tenured]; got == nil || got.CohortAccounts != 3 || got.StartingARR != units(150) {
		t.Errorf("tenured = %+v", got)
	}
	if got := parts.Tenure[FirstYear]; got == nil || got.CohortAccounts != 1 || got.StartingARR != units(20) {
		t.Errorf("first year = %+v", got)
	}
}

func TestTrend(t *testing.T) {
	// One account flat at 100 for 24 months, another churning in month 18:
	// the T12M cohorts as of months 12..23 hold both until month 18.
	h := history(t, "2024-01",
		acct{arr: repeat(24, 100)},
		acct{arr: append(repeat(18, 300), repeat(6, 0)...)},
	)
	tr := Trend(h, month(t, "2025-12"), 12)
	if len(tr) != 12 || tr[0].Month != month(t, "2025-01") || tr[11].Month != month(t, "2025-12") {
		t.Fatalf("trend months = %v .. %v", tr[0].Month, tr[len(tr)-1].Month)
	}
	for _, p := range tr {
		want := 1.0
		if p.Month >= month(t, "2025-07") {
			want = 0.25 // 100 / 400
		}
		if !near(p.NRR, want) || !near(p.GRR, want) {
			t.Errorf("%s: NRR %v GRR %v, want %v", p.Month, p.NRR, p.GRR, want)
		}
	}
}

func TestCohorts(t *testing.T) {
	// History 2025-01..2025-12. x is present from the first month with no
	// customer_since: left out. y is won in 2025-02 (Q1) at 100, grows to
	// 150 in Q2 and churns in Q4. z is won in 2025-05 (Q2) at 40.
	h := history(t, "2025-01",
		acct{Account: Account{ID: "x"}, arr: repeat(12, 999)},
		acct{Account: Account{ID: "y"}, arr: []int64{0, 100, 100, 100, 150, 150, 150, 150, 150, 0, 0, 0}},
		acct{Account: Account{ID: "z"}, arr: []int64{0, 0, 0, 0, 40, 40, 40, 40, 40, 40, 40, 40}},
	)
	got := Cohorts(h, month(t, "2025-11"), 12) // Q4 has not ended
	if len(got) != 3 {
		t.Fatalf("got %d cohorts: %+v", len(got), got)
	}
	q1 := got[0]
	if q1.Quarter != "2025-Q1" || q1.Accounts != 1 || q1.BaseARR != units(100) || len(q1.NetRetention) != 3 ||
		!near(q1.NetRetention[1], 1.5) || !near(q1.NetRetention[2], 1.5) {
		t.Errorf("Q1 = %+v", q1)
	}
	if q2 := got[1]; q2.Quarter != "2025-Q2" || q2.Accounts != 1 || q2.BaseARR != units(40) || len(q2.NetRetention) != 2 {
		t.Errorf("Q2 = %+v", q2)
	}
	if q3 := got[2]; q3.Accounts != 0 || q3.NetRetention[0].OK {
		t.Errorf("Q3 won nobody: %+v", q3)
	}
}

func TestBridgeErrorNamesTheMonth(t *testing.T) {
	b := Bridge{To: month(t, "2026-03"), Start: units(100), New: units(5), End: units(104)}
	err := b.Check()
	var be *BridgeError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v", err)
	}
	want := "ARR bridge does not balance for 2026-03: start 100.00 + new 5.00 + reactivation 0.00 + expansion 0.00" +
		" - contraction 0.00 - churn 0.00 = 105.00, but ending ARR is 104.00"
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

// TestProperties checks on random histories what must hold for any data:
// the bridge identity every month, GRR <= 1, NRR >= GRR, and breakdowns
// whose parts add up to the whole.
func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	segments := []string{"Enterprise", "Mid-Market", "SMB", ""}
	for trial := 0; trial < 50; trial++ {
		var accounts []acct
		for i := 0; i < 1+rng.IntN(40); i++ {
			a := acct{Account: Account{ID: string(rune('A' + i)), Segment: segments[rng.IntN(4)], CSM: segments[rng.IntN(4)]}}
			v := int64(0)
			for m := 0; m < 30; m++ {
				switch rng.IntN(6) {
				case 0:
					v = 0
				case 1:
					v = int64(rng.IntN(1000))
				case 2:
					v += int64(rng.IntN(50))
				}
				a.arr = append(a.arr, v)
			}
			accounts = append(accounts, a)
		}
		h := history(t, "2024-01", accounts...)
		r, err := retention(h, month(t, "2026-03"))
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range []Retention{r.Retention.T12M, r.Retention.Quarterly, r.Retention.Monthly} {
			if rt.GRR.OK && (rt.GRR.Value > 1 || rt.NRR.Value < rt.GRR.Value) {
				t.Fatalf("GRR %v NRR %v", rt.GRR, rt.NRR)
			}
			if rt.StartingARR+rt.Expansion-rt.Contraction-rt.Churn != rt.EndingARR {
				t.Fatalf("decomposition does not add up: %+v", rt)
			}
		}
		for _, parts := range []map[string]*Retention{r.Retention.Segment, r.Retention.CSM, r.Retention.Tenure, r.Retention.Region} {
			var sum Retention
			for _, p := range parts {
				sum.StartingARR += p.StartingARR
				sum.EndingARR += p.EndingARR
				sum.RetainedARR += p.RetainedARR
				sum.CohortAccounts += p.CohortAccounts
				sum.RetainedAccounts += p.RetainedAccounts
			}
			tot := r.Retention.T12M
			if sum.StartingARR != tot.StartingARR || sum.EndingARR != tot.EndingARR || sum.RetainedARR != tot.RetainedARR ||
				sum.CohortAccounts != tot.CohortAccounts || sum.RetainedAccounts != tot.RetainedAccounts {
				t.Fatalf("parts %+v do not add up to %+v", sum, tot)
			}
		}
		for _, b := range r.Monthly {
			if b.Start != h.Total(b.To.Add(-1)) || b.End != h.Total(b.To) {
				t.Fatalf("bridge %s does not start and end at the totals", b.To)
			}
		}
		if r.Bridge.T12M.Start != r.Retention.T12M.StartingARR {
			t.Fatalf("the T12M bridge starts at %s, the cohort at %s", r.Bridge.T12M.Start, r.Retention.T12M.StartingARR)
		}
	}
}

func TestSubsetKeepsOnlyItsAccounts(t *testing.T) {
	h := workedExample(t)
	smb := h.Subset(func(a Account) bool { return a.Segment == "SMB" })
	r, err := retention(smb, month(t, "2026-06"))
	if err != nil {
		t.Fatal(err)
	}
	// b (200 -> 0) and c (100 -> 80) are the SMB cohort; d is new.
	if got := r.Retention.T12M; got.StartingARR != units(300) || got.EndingARR != units(80) || got.CohortAccounts != 2 {
		t.Errorf("SMB retention = %+v", got)
	}
	if got := r.Bridge.T12M; got.Start != units(300) || got.New != units(50) || got.End != units(130) {
		t.Errorf("SMB bridge = %+v", got)
	}
	if h.ARR(0, month(t, "2026-06")) != units(150) {
		t.Error("the subset changed the history it came from")
	}
}

func TestRatioJSONRoundTrip(t *testing.T) {
	for _, r := range []Ratio{{}, {0.575, true}, {1, true}} {
		js, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Ratio
		if err := json.Unmarshal(js, &back); err != nil || back != r {
			t.Errorf("%+v -> %s -> %+v, %v", r, js, back, err)
		}
	}
}

func TestBridgeWindowsOfTheFirstMonth(t *testing.T) {
	// As of the first month held, no month has one before it: every
	// window is that month alone, with its ARR and no movement, never the
	// zero month 0000-01.
	h := history(t, "2026-01", acct{arr: []int64{100, 150}}, acct{arr: []int64{50}})
	first := month(t, "2026-01")
	r, err := retention(h, first)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]Bridge{"month": r.Bridge.Month, "quarter": r.Bridge.Quarter, "t12m": r.Bridge.T12M} {
		if b != (Bridge{From: first, To: first, Start: units(150), End: units(150)}) {
			t.Errorf("%s = %+v", name, b)
		}
	}
	// A month later the windows start at the second month, the first one
	// with a month before it.
	r, err = retention(h, first.Add(1))
	if err != nil {
		t.Fatal(err)
	}
	if b := r.Bridge.T12M; b.From != first.Add(1) || b.Start != units(150) || b.Expansion != units(50) || b.Churn != units(50) || b.End != units(150) {
		t.Errorf("t12m a month later = %+v", b)
	}
}
