package metrics

import (
	"encoding/json"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/period"
)

func day(t testing.TB, s string) period.Day {
	t.Helper()
	d, err := period.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// instant returns the Unix time of an RFC 3339 timestamp.
func instant(t testing.TB, s string) int64 {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return ts.Unix()
}

func nearNum(n Number, want float64) bool { return near(Ratio(n), want) }

func TestPercentile(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		p      float64
		want   float64 // NaN: undefined
	}{
		{"no values", nil, 0.5, math.NaN()},
		{"one value", []float64{7}, 0.9, 7},
		{"median of an odd count", []float64{1, 2, 9}, 0.5, 2},
		{"median of an even count is the mean of the middle two", []float64{1, 2, 3, 10}, 0.5, 2.5},
		// h = (4-1) x 0.9 = 2.7: 3 + 0.7 x (4 - 3).
		{"p90 of four", []float64{1, 2, 3, 4}, 0.9, 3.7},
		// h = 9 x 0.9 = 8.1: 9 + 0.1 x (10 - 9).
		{"p90 of ten", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, 9.1},
		// h = 0.9: 10 + 0.9 x (20 - 10).
		{"p90 of two", []float64{10, 20}, 0.9, 19},
		{"p100 is the largest", []float64{1, 5}, 1, 5},
	}
	for _, tt := range tests {
		got := percentile(tt.values, tt.p)
		if math.IsNaN(tt.want) {
			if got.OK {
				t.Errorf("%s: %v, want undefined", tt.name, got.Value)
			}
			continue
		}
		if !nearNum(got, tt.want) {
			t.Errorf("%s: %+v, want %v", tt.name, got, tt.want)
		}
	}
	if got := median([]float64{4, 6}); !nearNum(got, 5) {
		t.Errorf("median(4, 6) = %+v", got)
	}
	if got := hoursSince(100, 40); got != 0 {
		t.Errorf("a response recorded before the ticket was opened took %v hours, want 0", got)
	}
}

func TestIndicatorsNil(t *testing.T) {
	h := history(t, "2026-10", acct{arr: []int64{100}})
	if r := Indicators(h, nil, DefaultIndicatorConfig(), day(t, "2026-10-31")); r != nil {
		t.Errorf("Indicators of no signals = %+v, want nil", r)
	}
	// Every extract present and empty, and no accounts at all: every
	// figure undefined, nothing made up.
	empty := &Signals{Usage: []Usage{}, Tickets: []Ticket{}, Contacts: []Contact{}, Renewals: []Renewal{}, NPS: []NPSResponse{}, Pipeline: []Inflow{}}
	for _, h := range []*History{h, NewHistory(nil, month(t, "2026-10"), 1)} {
		r := Indicators(h, empty, DefaultIndicatorConfig(), day(t, "2026-10-31"))
		if r.Usage.SeatUtilisation.OK || r.Support.MedianFirstResponseHours.OK || r.NPS.Score.OK || r.Renewals.AtRiskShare90d.OK ||
			r.Weekly.UsageTrend[12].OK || len(r.WatchList) != 0 || r.WatchList == nil || len(r.Lift) != 4 || r.Lift[0].Months != 0 {
			t.Errorf("empty extracts = %+v", r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Error(err)
		}
	}
}

// supportFixture is five accounts as of Sunday 2026-11-22, the end of
// 2026-W47 (16 to 22 November), with the tickets:
//
//	a (SMB):        t1 W47 first response 1h, resolved in 10h
//	                t2 W47 first response 2h, resolved in 20h
//	b (SMB):        t3 W47 first response 3h, resolved after the as-of date
//	                t4 W47 first response after the as-of date
//	c (Enterprise): t6 W46 first response 1h, resolved in 2h
//	                t5 W47 first response 4h, resolved in 30h
//	d (Enterprise): t7 W47 first response 5h, open; d has no ARR since September
//	e (SMB):        no tickets
//
// November is not over, so accounts are active by their October ARR.
func supportFixture(t *testing.T) (*History, *Signals, period.Day) {
	h := history(t, "2026-08",
		acct{Account{ID: "a", Segment: "SMB"}, []int64{100, 100, 100, 100}},
		acct{Account{ID: "b", Segment: "SMB"}, []int64{100, 100, 100, 100}},
		acct{Account{ID: "c", Segment: "Enterprise"}, []int64{100, 100, 100, 100}},
		acct{Account{ID: "d", Segment: "Enterprise"}, []int64{100, 0, 0, 0}},
		acct{Account{ID: "e", Segment: "SMB"}, []int64{100, 100, 100, 100}},
	)
	at := func(s string) int64 { return instant(t, s) }
	tk := func(a int32, opened, first, resolved string) Ticket {
		x := Ticket{Account: a, Opened: at(opened), FirstResponse: NotYet, Resolved: NotYet, Priority: P2, CSAT: -1}
		if first != "" {
			x.FirstResponse = at(first)
		}
		if resolved != "" {
			x.Resolved = at(resolved)
		}
		return x
	}
	s := &Signals{Tickets: []Ticket{
		tk(0, "2026-11-16T09:00:00Z", "2026-11-16T10:00:00Z", "2026-11-16T19:00:00Z"),
		tk(0, "2026-11-17T09:00:00Z", "2026-11-17T11:00:00Z", "2026-11-18T05:00:00Z"),
		tk(1, "2026-11-18T09:00:00Z", "2026-11-18T12:00:00Z", "2026-11-24T00:00:00Z"),
		tk(1, "2026-11-19T09:00:00Z", "2026-11-23T09:00:00Z", ""),
		tk(2, "2026-11-10T09:00:00Z", "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z"),
		tk(2, "2026-11-20T09:00:00Z", "2026-11-20T13:00:00Z", "2026-11-21T15:00:00Z"),
		tk(3, "2026-11-21T09:00:00Z", "2026-11-21T14:00:00Z", ""),
	}}
	return h, s, day(t, "2026-11-22")
}

func TestSupportFigures(t *testing.T) {
	h, s, asOf := supportFixture(t)
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf)
	if got := r.AsOfWeek.String(); got != "2026-W47" {
		t.Fatalf("headline week %s, want 2026-W47", got)
	}
	nan := math.NaN()
	tests := []struct {
		name                  string
		got                   SupportFigures
		tickets, noFirst      int
		per100, med, p90, res float64
	}{
		// Six W47 tickets over four active accounts; first responses 1, 2,
		// 3, 4, 5: h = 4 x 0.9 = 3.6, p90 = 4 + 0.6. Resolved: 10, 20, 30.
		{"company", r.Support.SupportFigures, 6, 1, 150, 3, 4.6, 20},
		// Four tickets over a, b and e; responses 1, 2, 3: p90 at h = 1.8
		// is 2 + 0.8; resolved 10 and 20.
		{"SMB", r.Support.BySegment["SMB"], 4, 1, 400.0 / 3, 2, 2.8, 15},
		// c and d's tickets over c alone (d has no ARR); responses 4 and 5.
		{"Enterprise", r.Support.BySegment["Enterprise"], 2, 0, 200, 4.5, 4.9, 30},
		// W45 had no tickets: no times, never zero hours.
		{"empty week", weekFigures(r, 10), 0, 0, 0, nan, nan, nan},
		{"W46", weekFigures(r, 11), 1, 0, 25, 1, 1, 2},
	}
	for _, tt := range tests {
		f := tt.got
		if f.Tickets != tt.tickets || f.NoFirstResponse != tt.noFirst {
			t.Errorf("%s: %d tickets, %d without response; want %d, %d", tt.name, f.Tickets, f.NoFirstResponse, tt.tickets, tt.noFirst)
		}
		for _, c := range []struct {
			what string
			got  Number
			want float64
		}{
			{"tickets per 100 accounts", f.TicketsPer100Accounts, tt.per100},
			{"median first response", f.MedianFirstResponseHours, tt.med},
			{"p90 first response", f.P90FirstResponseHours, tt.p90},
			{"median resolution", f.MedianResolutionHours, tt.res},
		} {
			if math.IsNaN(c.want) {
				if c.got.OK {
					t.Errorf("%s: %s = %v, want undefined", tt.name, c.what, c.got.Value)
				}
			} else if !nearNum(c.got, c.want) {
				t.Errorf("%s: %s = %+v, want %v", tt.name, c.what, c.got, c.want)
			}
		}
	}
	if len(r.Weekly.Tickets) != WeeklyWeeks || r.Weekly.Tickets[12] != 6 || r.Weekly.Tickets[11] != 1 {
		t.Errorf("weekly tickets = %v", r.Weekly.Tickets)
	}
	// c's account-level count holds its tickets of the 90 days to the date.
	if got := r.Accounts[2].Tickets90d; got != 2 {
		t.Errorf("c's tickets in 90 days = %d, want 2", got)
	}
	if r.Usage != nil || r.Weekly.SeatUtilisation != nil || r.Relationships != nil || r.Renewals != nil || r.WatchList != nil {
		t.Error("a part whose extract is absent is not nil")
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("metrics.json: %v", err)
	}
}

// weekFigures returns the company's support figures of week k from the
// weekly series.
func weekFigures(r *IndicatorReport, k int) SupportFigures {
	w := r.Weekly
	return SupportFigures{
		Tickets: w.Tickets[k], TicketsPer100Accounts: w.TicketsPer100Accounts[k],
		MedianFirstResponseHours: w.MedianFirstResponseHours[k], P90FirstResponseHours: w.P90FirstResponseHours[k],
		MedianResolutionHours: w.MedianResolutionHours[k], OpenP0: w.OpenP0[k],
	}
}

func TestOpenP0AtWeekEnd(t *testing.T) {
	// 2026-W47 ends at midnight starting Monday 23 November; the as-of
	// date is the Wednesday after, so the headline week is still W47.
	h := history(t, "2026-10", acct{Account{ID: "a", Segment: "SMB"}, []int64{100, 100}})
	at := func(s string) int64 { return instant(t, s) }
	p0 := func(opened, resolved string, priority int8) Ticket {
		x := Ticket{Account: 0, Opened: at(opened), FirstResponse: NotYet, Resolved: NotYet, Priority: priority, CSAT: -1}
		if resolved != "" {
			x.Resolved = at(resolved)
		}
		return x
	}
	s := &Signals{Tickets: []Ticket{
		p0("2026-11-10T08:00:00Z", "2026-11-23T00:00:00Z", P0), // resolved exactly at the week's end: closed
		p0("2026-11-10T09:00:00Z", "2026-11-23T00:00:01Z", P0), // a second later: open at the end
		p0("2026-11-12T09:00:00Z", "", P1),                     // not a P0
		p0("2026-11-22T23:59:59Z", "", P0),                     // opened in the last second of the week
		p0("2026-11-23T00:00:00Z", "", P0),                     // opened in the next week
	}}
	r := Indicators(h, s, DefaultIndicatorConfig(), day(t, "2026-11-25"))
	if got := r.AsOfWeek.String(); got != "2026-W47" {
		t.Fatalf("headline week %s", got)
	}
	if got := r.Support.OpenP0; got != 2 {
		t.Errorf("open P0 at the end of W47 = %d, want 2", got)
	}
	// At the end of W46 (midnight starting 16 November) the first two were open.
	if got := r.Weekly.OpenP0[11]; got != 2 {
		t.Errorf("open P0 at the end of W46 = %d, want 2", got)
	}
	if got := r.Support.BySegment["SMB"].OpenP0; got != 2 {
		t.Errorf("SMB open P0 = %d, want 2", got)
	}
	// At the end of the as-of date the two opened last are open.
	a := r.Accounts[0]
	if a.OpenP0 != 2 {
		t.Errorf("account open P0 at the as-of date = %d, want 2", a.OpenP0)
	}
	if len(a.Flags) != 1 || a.Flags[0] != (Flag{Rule: "open_p0", Value: 2}) {
		t.Errorf("flags = %+v, want open_p0 with 2", a.Flags)
	}
}

func TestWeeksAcrossYearEnd(t *testing.T) {
	// Sunday 10 January 2027 ends 2027-W01; the week before is 2026-W53,
	// 28 December to 3 January.
	h := history(t, "2026-11", acct{Account{ID: "a", Segment: "SMB"}, []int64{100, 100, 100}})
	asOf := day(t, "2027-01-10")
	w53, w01 := period.WeekOf(day(t, "2027-01-03")), period.WeekOf(day(t, "2027-01-04"))
	s := &Signals{
		Usage: []Usage{{Account: 0, Week: w53, ActiveUsers: 3, Seats: 10}, {Account: 0, Week: w01, ActiveUsers: 6, Seats: 10}},
		Tickets: []Ticket{
			{Account: 0, Opened: instant(t, "2027-01-03T23:00:00Z"), FirstResponse: NotYet, Resolved: NotYet},
			{Account: 0, Opened: instant(t, "2027-01-04T01:00:00Z"), FirstResponse: NotYet, Resolved: NotYet},
			{Account: 0, Opened: instant(t, "2027-01-05T01:00:00Z"), FirstResponse: NotYet, Resolved: NotYet},
		},
	}
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf)
	w := r.Weekly
	if len(w.Weeks) != WeeklyWeeks {
		t.Fatalf("%d weeks", len(w.Weeks))
	}
	if got := w.Weeks[12].String() + " " + w.Weeks[11].String() + " " + w.Weeks[0].String(); got != "2027-W01 2026-W53 2026-W42" {
		t.Errorf("weeks = %s", got)
	}
	// December is the as-of month: it weighs both weeks.
	if !near(w.SeatUtilisation[11], 0.3) || !near(w.SeatUtilisation[12], 0.6) || w.SeatUtilisation[10].OK {
		t.Errorf("utilisation = %+v", w.SeatUtilisation[10:])
	}
	if w.Tickets[11] != 1 || w.Tickets[12] != 2 {
		t.Errorf("tickets by week = %v", w.Tickets)
	}
}

func TestUsageWeightedByARR(t *testing.T) {
	// As of Saturday 31 October 2026 the headline week is W43 (19 to 25
	// October). W39's Sunday is 27 September: September's ARR weighs it.
	asOf := day(t, "2026-10-31")
	h := history(t, "2026-09",
		acct{Account{ID: "a", Segment: "SMB"}, []int64{300, 100}},
		acct{Account{ID: "b", Segment: "Enterprise"}, []int64{100, 300}},
		acct{Account{ID: "c", Segment: "SMB"}, []int64{0, 0}},   // usage but no ARR: no weight
		acct{Account{ID: "d", Segment: "SMB"}, []int64{50, 50}}, // a gap: no trend
	)
	w43 := period.LastCompleteWeek(asOf)
	var usage []Usage
	// a: 10, 10, 10, 10 then 8, 8, 6, 6 active users of 10 seats in the
	// eight weeks to W43: trend 28/40 - 1 = -30%. b: 5 of 10 seats, 9 in
	// the last week: trend 24/20 - 1 = +20%.
	aUsers := []int32{5, 5, 5, 5, 5, 10, 10, 10, 10, 8, 8, 6, 6}
	bUsers := []int32{9, 9, 9, 9, 9, 5, 5, 5, 5, 5, 5, 5, 9}
	for k := range WeeklyWeeks {
		usage = append(usage, Usage{Account: 0, Week: w43 - 12 + period.Week(k), ActiveUsers: aUsers[k], Seats: 10, KeyEvents: -1})
	}
	for k := range WeeklyWeeks {
		usage = append(usage, Usage{Account: 1, Week: w43 - 12 + period.Week(k), ActiveUsers: bUsers[k], Seats: 10, KeyEvents: -1})
	}
	usage = append(usage, Usage{Account: 2, Week: w43, ActiveUsers: 1, Seats: 10})
	for k := range 8 {
		if k != 3 {
			usage = append(usage, Usage{Account: 3, Week: w43 - 7 + period.Week(k), ActiveUsers: 2, Seats: 4})
		}
	}
	r := Indicators(h, &Signals{Usage: usage}, DefaultIndicatorConfig(), asOf)
	u := r.Usage
	// Utilisation in W43: (100 x 0.6 + 300 x 0.9 + 50 x 0.5) / 450.
	if want := (60.0 + 270 + 25) / 450; !near(u.SeatUtilisation, want) {
		t.Errorf("utilisation = %+v, want %v", u.SeatUtilisation, want)
	}
	// Trend: (100 x -0.3 + 300 x 0.2) / 400; d has none.
	if !near(u.Trend, 0.075) {
		t.Errorf("trend = %+v, want 0.075", u.Trend)
	}
	if u.Accounts != 4 {
		t.Errorf("accounts with usage = %d, want 4", u.Accounts)
	}
	if smb := u.BySegment["SMB"]; !near(smb.Trend, -0.3) || !near(smb.SeatUtilisation, (60.0+25)/150) || smb.Accounts != 3 {
		t.Errorf("SMB = %+v", smb)
	}
	// W39: a at 10/10 weighs 300, b at 5/10 weighs 100.
	if w39 := r.Weekly.SeatUtilisation[8]; !near(w39, (300.0+50)/400) {
		t.Errorf("W39 utilisation = %+v, want 0.875", w39)
	}
	if a, d := r.Accounts[0], r.Accounts[3]; !near(a.UsageTrend, -0.3) || !near(a.SeatUtilisation, 0.6) || d.UsageTrend.OK || !near(d.SeatUtilisation, 0.5) {
		t.Errorf("a = %+v, d = %+v", a, d)
	}
	// The default rule usage trend <= -30% flags a, at exactly -30%.
	if f := r.Accounts[0].Flags; len(f) != 1 || f[0].Rule != "usage_drop" || math.Abs(f[0].Value+0.3) > 1e-12 {
		t.Errorf("a's flags = %+v", f)
	}
}

func TestUsageTrend(t *testing.T) {
	w := period.Week(3000)
	rows := func(users ...int32) []Usage {
		out := make([]Usage, len(users))
		for k, n := range users {
			out[k] = Usage{Week: w - period.Week(len(users)-1-k), ActiveUsers: n, Seats: 20}
		}
		return out
	}
	tests := []struct {
		name  string
		rows  []Usage
		trend float64 // NaN: undefined
	}{
		{"flat", rows(4, 4, 4, 4, 4, 4, 4, 4), 0},
		// (12+12+12+12)/4 = 12 against (6+6+6+6)/4 = 6.
		{"doubled", rows(6, 6, 6, 6, 12, 12, 12, 12), 1},
		// (1+2+3+4)/4 = 2.5 against (10+10+10+10)/4 = 10.
		{"down 75%", rows(99, 10, 10, 10, 10, 1, 2, 3, 4), -0.75},
		{"seven weeks", rows(5, 5, 5, 5, 5, 5, 5), math.NaN()},
		{"no users before", rows(0, 0, 0, 0, 1, 1, 1, 1), math.NaN()},
	}
	for _, tt := range tests {
		_, trend, found := usageAt(tt.rows, w)
		if !found {
			t.Errorf("%s: the week's row not found", tt.name)
		}
		if math.IsNaN(tt.trend) {
			if trend.OK {
				t.Errorf("%s: trend %v, want undefined", tt.name, trend.Value)
			}
		} else if !near(trend, tt.trend) {
			t.Errorf("%s: trend %+v, want %v", tt.name, trend, tt.trend)
		}
	}
	if _, _, found := usageAt(rows(1, 2), w+1); found {
		t.Error("found a week after the rows")
	}
}

func TestChampionCoverage(t *testing.T) {
	asOf := day(t, "2026-10-31") // 90 days before: 2026-08-02
	h := history(t, "2026-09",
		acct{Account{ID: "a", Segment: "SMB"}, []int64{100, 100}},
		acct{Account{ID: "b", Segment: "SMB"}, []int64{100, 100}},
		acct{Account{ID: "c", Segment: "SMB"}, []int64{100, 100}},
		acct{Account{ID: "d", Segment: "SMB"}, []int64{100, 0}},
		acct{Account{ID: "e", Segment: "Enterprise"}, []int64{100, 100}},
		acct{Account{ID: "f", Segment: "Enterprise"}, []int64{100, 100}},
		acct{Account{ID: "g", Segment: "SMB"}, []int64{100, 100}},
	)
	ct := func(a int32, role string, active bool, left string) Contact {
		c := Contact{Account: a, Role: role, Active: active, LeftOn: period.NoDay}
		if left != "" {
			c.LeftOn = day(t, left)
		}
		return c
	}
	s := &Signals{Contacts: []Contact{
		ct(0, RoleBuyer, true, ""), ct(0, RoleChampion, false, "2026-10-21"), // a's champion left ten days ago
		ct(1, RoleBuyer, true, ""), ct(1, RoleChampion, true, ""), // b is covered
		// c has no contacts; d has no ARR in October.
		ct(3, RoleBuyer, true, ""), ct(3, RoleChampion, true, ""),
		// e needs two champions: one leaves after the as-of date, so was still there.
		ct(4, RoleChampion, false, "2026-11-15"), ct(4, RoleChampion, true, ""),
		// f has one active champion, one gone with no date and one who left long ago.
		ct(5, RoleChampion, true, ""), ct(5, RoleChampion, false, ""), ct(5, RoleChampion, false, "2026-07-01"),
		// g's champions left exactly 90 days before (outside the window) and 89 days before (inside).
		ct(6, RoleBuyer, true, ""), ct(6, RoleChampion, false, "2026-08-02"), ct(6, RoleChampion, false, "2026-08-03"),
	}}
	cfg := DefaultIndicatorConfig()
	cfg.Coverage = map[string]Coverage{"default": {Buyers: 1, Champions: 1}, "Enterprise": {Champions: 2}}
	r := Indicators(h, s, cfg, asOf)
	rel := r.Relationships
	want := map[string]RelationshipFigures{
		"SMB":        {ChampionCoverage: Ratio{0.25, true}, ChampionsLost90d: 2, Accounts: 4}, // b of a, b, c, g
		"Enterprise": {ChampionCoverage: Ratio{0.5, true}, ChampionsLost90d: 0, Accounts: 2},  // e of e, f
	}
	for name, w := range want {
		if got := rel.BySegment[name]; got.ChampionsLost90d != w.ChampionsLost90d || got.Accounts != w.Accounts || !near(got.ChampionCoverage, w.ChampionCoverage.Value) {
			t.Errorf("%s = %+v, want %+v", name, got, w)
		}
	}
	if !near(rel.ChampionCoverage, 2.0/6) || rel.ChampionsLost90d != 2 || rel.Accounts != 6 {
		t.Errorf("company = %+v", rel.RelationshipFigures)
	}
	// On Sunday 18 October, the end of W42, a's champion was still there.
	if w := r.Weekly.ChampionCoverage; !near(w[11], 3.0/6) || !near(w[12], 2.0/6) {
		t.Errorf("weekly coverage W42, W43 = %+v, %+v", w[11], w[12])
	}
	acc := r.Accounts
	if acc[0].ActiveChampions != 0 || acc[0].Covered || acc[4].ActiveChampions != 2 || !acc[4].Covered || acc[5].ActiveChampions != 1 || acc[5].Covered {
		t.Errorf("accounts a, e, f = %+v, %+v, %+v", acc[0], acc[4], acc[5])
	}
	// No active champion flags a and g; c has no contacts to judge by and
	// d is not a customer.
	for i, want := range []bool{true, false, false, false, false, false, true} {
		if got := len(acc[i].Flags) > 0; got != want {
			t.Errorf("account %s flagged %v, want %v", h.Accounts[i].ID, got, want)
		}
	}
}

func TestNPS(t *testing.T) {
	asOf := day(t, "2026-10-31")
	h := history(t, "2026-10", acct{Account{ID: "a", Segment: "SMB"}, []int64{100}}, acct{Account{ID: "b", Segment: "SMB"}, []int64{100}})
	nps := func(a int32, d string, score int8) NPSResponse {
		return NPSResponse{Account: a, Date: day(t, d), Score: score}
	}
	s := &Signals{NPS: []NPSResponse{
		nps(0, "2026-08-02", 0),  // exactly 90 days before: outside
		nps(0, "2026-08-03", 10), // 89 days before: inside
		nps(0, "2026-10-01", 9),
		nps(0, "2026-10-20", 6),
		nps(0, "2026-11-01", 0), // after the as-of date
		nps(1, "2026-09-10", 8),
		nps(1, "2026-09-11", 7),
		nps(1, "2026-10-31", 0),
	}}
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf)
	n := r.NPS
	// In the window: 10, 9, 6 (a) and 8, 7, 0 (b): 2 promoters, 2
	// passives, 2 detractors: NPS 0.
	if n.Responses != 6 || n.Promoters != 2 || n.Passives != 2 || n.Detractors != 2 || !nearNum(n.Score, 0) {
		t.Errorf("NPS = %+v", n)
	}
	// a alone: 10, 9, 6: (2 - 1) / 3.
	if a := r.Accounts[0]; !nearNum(a.NPS90d, 100.0/3) {
		t.Errorf("a's NPS = %+v", a.NPS90d)
	}
	// At Sunday 18 October, the end of W42, the window starts on 21 July:
	// 0, 10, 9 (a) and 8, 7 (b): (2 - 1) / 5.
	if w := r.Weekly.NPS[11]; !nearNum(w, 20) {
		t.Errorf("W42 NPS = %+v, want 20", w)
	}
	// At Sunday 2 August, the end of W31, only a's 0 of that day.
	if w := r.Weekly.NPS[0]; !nearNum(w, -100) {
		t.Errorf("W31 NPS = %+v, want -100", w)
	}
	// The detractor rule flags both: a's 6, b's 0.
	if len(r.Accounts[0].Flags) != 1 || r.Accounts[0].Flags[0] != (Flag{Rule: "detractor", Value: 1}) || len(r.Accounts[1].Flags) != 1 {
		t.Errorf("flags = %+v, %+v", r.Accounts[0].Flags, r.Accounts[1].Flags)
	}
	empty := Indicators(h, &Signals{NPS: []NPSResponse{}}, DefaultIndicatorConfig(), asOf)
	if empty.NPS.Score.OK || empty.Weekly.NPS[12].OK {
		t.Errorf("NPS of no responses = %+v, want undefined", empty.NPS.Score)
	}
}

func TestRenewalBook(t *testing.T) {
	asOf := day(t, "2026-10-31")
	h := history(t, "2026-10",
		acct{Account{ID: "a", Segment: "SMB"}, []int64{100}},
		acct{Account{ID: "b", Segment: "SMB"}, []int64{100}},
		acct{Account{ID: "c", Segment: "SMB"}, []int64{100}},
		acct{Account{ID: "d", Segment: "SMB"}, []int64{100}},
	)
	rn := func(a int32, d period.Day, arr int64, forecast, outcome string) Renewal {
		return Renewal{Account: a, Date: d, ARR: units(arr), Forecast: forecast, Outcome: outcome}
	}
	open := func(days int, arr int64, forecast string) Renewal {
		return rn(0, asOf+period.Day(days), arr, forecast, OutcomeOpen)
	}
	s := &Signals{Renewals: []Renewal{
		open(0, 1, ForecastCommit), // on the as-of date: not after it
		open(1, 2, ForecastCommit),
		rn(0, asOf+5, 1000, ForecastCommit, OutcomeRenewed), // renewed early: out of the book
		open(30, 4, ForecastCommit),
		open(31, 8, ForecastAtRisk),
		open(60, 16, ForecastLikely),
		open(61, 32, ForecastCommit),
		open(90, 64, ForecastCommit),
		open(91, 128, ForecastCommit),
	}}
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf).Renewals
	if r.ARR30d != units(2+4) || r.ARR60d != units(6+8+16) || r.ARR90d != units(30+32+64) {
		t.Errorf("book = %s, %s, %s; want 6, 30, 126", r.ARR30d, r.ARR60d, r.ARR90d)
	}
	if r.AtRiskARR90d != units(8) || !near(r.AtRiskShare90d, 8.0/126) {
		t.Errorf("at risk = %s, %+v; want 8 of 126", r.AtRiskARR90d, r.AtRiskShare90d)
	}
	if r.FirstYearRenewalRate.OK || r.TenuredRenewalRate.OK {
		t.Errorf("renewal rates without closed renewals = %+v, %+v", r.FirstYearRenewalRate, r.TenuredRenewalRate)
	}

	// First-year against tenured over 1 November 2025 to 31 October 2026.
	s = &Signals{Renewals: []Renewal{
		rn(0, day(t, "2025-06-01"), 90, ForecastCommit, OutcomeRenewed),   // a's first, before the window
		rn(0, day(t, "2026-06-01"), 100, ForecastCommit, OutcomeRenewed),  // tenured
		rn(1, day(t, "2026-03-01"), 200, ForecastCommit, OutcomeRenewed),  // first-year
		rn(2, day(t, "2026-04-01"), 50, ForecastAtRisk, OutcomeChurned),   // first-year
		rn(2, day(t, "2026-09-01"), 7, ForecastAtRisk, OutcomeOpen),       // overdue and open: neither
		rn(3, day(t, "2025-10-31"), 1000, ForecastCommit, OutcomeRenewed), // a year before: outside
		rn(3, day(t, "2026-10-31"), 40, ForecastCommit, OutcomeChurned),   // on the as-of date: tenured
	}}
	r = Indicators(h, s, DefaultIndicatorConfig(), asOf).Renewals
	if !near(r.FirstYearRenewalRate, 200.0/250) || !near(r.TenuredRenewalRate, 100.0/140) {
		t.Errorf("first-year %+v, tenured %+v; want 0.8, 0.714", r.FirstYearRenewalRate, r.TenuredRenewalRate)
	}
}

func TestRuleOps(t *testing.T) {
	s := signalSet{trend: Ratio{-0.3, true}, tickets: true, openP0: 1, contacts: false}
	tests := []struct {
		signal, op string
		value      float64
		want       bool
	}{
		{SignalUsageTrend, "<", -0.3, false},
		{SignalUsageTrend, "<=", -0.3, true},
		{SignalUsageTrend, ">", -0.31, true},
		{SignalUsageTrend, ">=", -0.3, true},
		{SignalUsageTrend, ">=", -0.29, false},
		{SignalUsageTrend, "==", -0.3, true},
		{SignalOpenP0, "==", 1, true},
		{SignalOpenP0, "==", 2, false},
		{SignalOpenP0, ">", 1, false},
		{SignalTickets90d, "<", 1, true}, // no tickets is a count of zero
		{SignalUsageTrend, "!=", 0, false},
		{SignalSeatUtilisation, "<", 2, false}, // no usage row: never flagged
		{SignalActiveChampions, "<", 1, false}, // no contacts: never flagged
		{SignalNPS90d, "<", 100, false},        // no responses: never flagged
		{SignalDetractors90d, ">=", 0, false},  // no NPS extract
		{"csat", "<", 10, false},               // no such signal
	}
	for _, tt := range tests {
		r := compileRules([]RiskRule{{Name: "r", Signal: tt.signal, Op: tt.op, Value: tt.value}})[0]
		if _, got := r.test(&s); got != tt.want {
			t.Errorf("%s %s %v: %v, want %v", tt.signal, tt.op, tt.value, got, tt.want)
		}
	}
}

// watchFixture is seven accounts as of 31 October 2026, the default rules
// and these open P0 tickets and renewals:
//
//	a (Ana): P0 since 20 October; renews in 50 days, 100, commit
//	b (Ana): no ticket;            renews in 10 days, 300, at risk
//	c:       P0 since 1 October;   renews in 120 days, 300, at risk
//	d:       P0 since 1 October;   renews in 121 days
//	e:       no ticket;            renews in 5 days, 50, commit
//	f:       P0 since 1 October;   no renewal
//	g:       P0 since 1 October, but no ARR in October
func watchFixture(t *testing.T) (*History, *Signals, period.Day) {
	asOf := day(t, "2026-10-31")
	h := history(t, "2026-09",
		acct{Account{ID: "a", CSM: "Ana"}, []int64{100, 100}},
		acct{Account{ID: "b", CSM: "Ana"}, []int64{100, 100}},
		acct{Account{ID: "c"}, []int64{100, 100}},
		acct{Account{ID: "d"}, []int64{100, 100}},
		acct{Account{ID: "e"}, []int64{100, 100}},
		acct{Account{ID: "f"}, []int64{100, 100}},
		acct{Account{ID: "g"}, []int64{100, 0}},
	)
	p0 := func(a int32, opened string) Ticket {
		return Ticket{Account: a, Opened: instant(t, opened), FirstResponse: NotYet, Resolved: NotYet, Priority: P0}
	}
	rn := func(a int32, days int, arr int64, forecast string) Renewal {
		return Renewal{Account: a, Date: asOf + period.Day(days), ARR: units(arr), Forecast: forecast, Outcome: OutcomeOpen}
	}
	s := &Signals{
		Tickets: []Ticket{p0(0, "2026-10-20T10:00:00Z"), p0(2, "2026-10-01T10:00:00Z"), p0(3, "2026-10-01T10:00:00Z"),
			p0(5, "2026-10-01T10:00:00Z"), p0(6, "2026-10-01T10:00:00Z")},
		Renewals: []Renewal{rn(0, 50, 100, ForecastCommit), rn(1, 10, 300, ForecastAtRisk), rn(2, 120, 300, ForecastAtRisk),
			rn(3, 121, 500, ForecastCommit), rn(4, 5, 50, ForecastCommit)},
	}
	return h, s, asOf
}

func TestWatchList(t *testing.T) {
	h, s, asOf := watchFixture(t)
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf)
	var got []string
	for _, w := range r.WatchList {
		got = append(got, w.AccountID)
	}
	// 300 (b, then c by ID), then 100 (a); c renews on the window's last day.
	if want := []string{"b", "c", "a"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("watch list = %v, want %v", got, want)
	}
	c := r.WatchList[1]
	if c.ARR != units(300) || c.RenewalDate != asOf+120 || c.Forecast != ForecastAtRisk ||
		len(c.Flags) != 2 || c.Flags[0] != (Flag{Rule: "open_p0", Value: 1}) || c.Flags[1].Rule != ForecastAtRiskFlag {
		t.Errorf("c = %+v", c)
	}
	// Renewing in 90 days: a (flagged), b (forecast at risk), e (neither).
	if rb := r.Renewals; rb.ARR90d != units(450) || rb.AtRiskARR90d != units(400) {
		t.Errorf("book = %s, at risk %s; want 450, 400", rb.ARR90d, rb.AtRiskARR90d)
	}
	ana, pooled := r.ByCSM["Ana"], r.ByCSM[Pooled]
	if ana.ARR90d != units(400) || ana.AtRiskARR90d != units(400) || ana.AtRiskAccounts != 2 || ana.OpenP0 != 1 {
		t.Errorf("Ana's book = %+v", ana)
	}
	// c, d and f; g is no longer a customer, though its ticket counts.
	if pooled.AtRiskAccounts != 3 || pooled.ARR90d != units(50) || pooled.AtRiskARR90d != 0 || pooled.OpenP0 != 4 {
		t.Errorf("pooled book = %+v", pooled)
	}
	if len(r.ByCSM) != 2 {
		t.Errorf("books = %v", Keys(r.ByCSM))
	}
	if n := r.Accounts[3].NextRenewal; n == nil || n.Date != asOf+121 {
		t.Errorf("d's next renewal = %+v", n)
	}
	// Flagged at each Sunday: from the W40 Sunday (4 October) c, d and f
	// (g has no October ARR); from W43 (25 October) a as well.
	want := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 4}
	for k, n := range r.Weekly.AtRiskAccounts {
		if n != want[k] {
			t.Errorf("at-risk accounts by week = %v, want %v", r.Weekly.AtRiskAccounts, want)
			break
		}
	}
}

func TestSegmentsAddUp(t *testing.T) {
	h, s, asOf := synthetic(3000, 7)
	r := Indicators(h, s, DefaultIndicatorConfig(), asOf)
	var tickets, noFirst, openP0, accounts, active, lost, covered int
	for _, f := range r.Support.BySegment {
		tickets += f.Tickets
		noFirst += f.NoFirstResponse
		openP0 += f.OpenP0
	}
	if tickets != r.Support.Tickets || noFirst != r.Support.NoFirstResponse || openP0 != r.Support.OpenP0 {
		t.Errorf("segments add up to %d, %d, %d tickets, unanswered, open P0; company %+v", tickets, noFirst, openP0, r.Support.SupportFigures)
	}
	for _, f := range r.Usage.BySegment {
		accounts += f.Accounts
	}
	if accounts != r.Usage.Accounts {
		t.Errorf("segments' accounts with usage %d, company %d", accounts, r.Usage.Accounts)
	}
	for _, f := range r.Relationships.BySegment {
		active += f.Accounts
		lost += f.ChampionsLost90d
		covered += int(math.Round(f.ChampionCoverage.Value * float64(f.Accounts)))
	}
	if active != r.Relationships.Accounts || lost != r.Relationships.ChampionsLost90d ||
		!near(r.Relationships.ChampionCoverage, float64(covered)/float64(active)) {
		t.Errorf("segments' relationships do not add up to %+v", r.Relationships.RelationshipFigures)
	}
	var books BookIndicators
	for _, b := range r.ByCSM {
		books.ARR90d += b.ARR90d
		books.AtRiskARR90d += b.AtRiskARR90d
		books.OpenP0 += b.OpenP0
	}
	if books.ARR90d != r.Renewals.ARR90d || books.AtRiskARR90d != r.Renewals.AtRiskARR90d {
		t.Errorf("books hold %s of %s renewing, %s of %s at risk", books.ARR90d, r.Renewals.ARR90d, books.AtRiskARR90d, r.Renewals.AtRiskARR90d)
	}
	if r.Support.Tickets == 0 || r.Renewals.ARR90d == 0 || len(r.WatchList) == 0 {
		t.Error("the synthetic data has no tickets, renewals or watch list: the test tests nothing")
	}
	for k := 1; k < len(r.WatchList); k++ {
		if r.WatchList[k].ARR > r.WatchList[k-1].ARR {
			t.Fatalf("watch list out of order at %d", k)
		}
	}
}

func TestIndicatorsDeterministic(t *testing.T) {
	h, s, asOf := synthetic(5000, 3)
	cfg := DefaultIndicatorConfig()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, err := json.Marshal(Indicators(h, s, cfg, asOf))
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, _ := json.Marshal(Indicators(h, s, cfg, asOf))
	if string(one) != string(four) {
		t.Error("the figures depend on the number of processors")
	}
}

func TestUnsortedRows(t *testing.T) {
	// The loader sorts; a caller that does not gets the same figures.
	h, s, asOf := watchFixture(t)
	want, _ := json.Marshal(Indicators(h, s, DefaultIndicatorConfig(), asOf))
	shuffled := *s
	shuffled.Tickets = append([]Ticket(nil), s.Tickets...)
	shuffled.Renewals = append([]Renewal(nil), s.Renewals...)
	for i, j := 0, len(shuffled.Tickets)-1; i < j; i, j = i+1, j-1 {
		shuffled.Tickets[i], shuffled.Tickets[j] = shuffled.Tickets[j], shuffled.Tickets[i]
	}
	shuffled.Renewals[0], shuffled.Renewals[4] = shuffled.Renewals[4], shuffled.Renewals[0]
	got, _ := json.Marshal(Indicators(h, &shuffled, DefaultIndicatorConfig(), asOf))
	if string(got) != string(want) {
		t.Errorf("unsorted rows give\n%s\nwant\n%s", got, want)
	}
}
