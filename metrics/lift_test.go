package metrics

import (
	"fmt"
	"math"
	"testing"

	"github.com/boardpack/boardpack/internal/period"
)

var noChampion = RiskRule{Name: "no_champion", Signal: SignalActiveChampions, Op: "<", Value: 1}

// champion returns a champion of account a who left on left ("" for one
// still there).
func champion(t *testing.T, a int32, left string) Contact {
	c := Contact{Account: a, Role: RoleChampion, Active: left == "", LeftOn: period.NoDay}
	if left != "" {
		c.LeftOn = day(t, left)
	}
	return c
}

func TestLift(t *testing.T) {
	// Ten accounts from April to June 2026, as of 30 June. The rule is
	// tested for May's churn on 30 January (30 April minus 90 days) and
	// for June's on 2 March (31 May minus 90 days).
	//
	//	a0-a3: champion left in December 2025: flagged both times
	//	a4:    champion left 15 February: flagged for June only
	//	a5-a9: champion throughout
	//	a0 churns in May, a1 and a5 in June.
	arr := [][]int64{
		{100, 0, 0}, {100, 100, 0}, {100, 100, 100}, {100, 100, 100}, {100, 100, 100},
		{100, 100, 0}, {100, 100, 100}, {100, 100, 100}, {100, 100, 100}, {100, 100, 100},
	}
	var accounts []acct
	var contacts []Contact
	for i, a := range arr {
		accounts = append(accounts, acct{Account{ID: fmt.Sprintf("a%d", i)}, a})
		switch {
		case i < 4:
			contacts = append(contacts, champion(t, int32(i), "2025-12-01"))
		case i == 4:
			contacts = append(contacts, champion(t, int32(i), "2026-02-15"))
		default:
			contacts = append(contacts, champion(t, int32(i), ""))
		}
	}
	h := history(t, "2026-04", accounts...)
	cfg := DefaultIndicatorConfig()
	cfg.Risk = []RiskRule{noChampion}
	r := Indicators(h, &Signals{Contacts: contacts}, cfg, day(t, "2026-06-30"))
	if len(r.Lift) != 1 {
		t.Fatalf("lift = %+v, want one rule", r.Lift)
	}
	l := r.Lift[0]
	// May: 10 account-months, 4 flagged, a0 churned and flagged.
	// June: a1-a9, 9 account-months, 4 flagged (a1-a4), a1 and a5
	// churned, a1 flagged. Pooled: 2 of 8 flagged churned, 3 of 19 in all.
	if l.Rule != "no_champion" || l.Months != 2 || l.Accounts != 5 || !l.TooFew {
		t.Errorf("lift = %+v", l)
	}
	if !near(l.FlaggedRate, 2.0/8) || !near(l.BaseRate, 3.0/19) || !nearNum(l.Lift, (2.0/8)/(3.0/19)) {
		t.Errorf("rates %+v, %+v, lift %+v; want 0.25, 0.158, 1.583", l.FlaggedRate, l.BaseRate, l.Lift)
	}
}

func TestLiftEnoughAccounts(t *testing.T) {
	// 25 accounts without a champion, 5 with; one of the five churns in
	// June 2026, the only month tested.
	var accounts []acct
	var contacts []Contact
	for i := range 30 {
		a := acct{Account{ID: fmt.Sprintf("a%02d", i)}, []int64{100, 100}}
		left := "2025-01-01"
		if i >= 25 {
			left = ""
		}
		if i == 29 {
			a.arr = []int64{100, 0}
		}
		accounts = append(accounts, a)
		contacts = append(contacts, champion(t, int32(i), left))
	}
	cfg := DefaultIndicatorConfig()
	cfg.Risk = []RiskRule{noChampion}
	asOf := day(t, "2026-06-30")
	l := Indicators(history(t, "2026-05", accounts...), &Signals{Contacts: contacts}, cfg, asOf).Lift[0]
	if l.TooFew || l.Accounts != 25 || l.Months != 1 || !near(l.FlaggedRate, 0) || !near(l.BaseRate, 1.0/30) || !nearNum(l.Lift, 0) {
		t.Errorf("lift = %+v; want 25 accounts, none churned against 1 in 30", l)
	}
	// Without churn the base rate is zero and the lift undefined.
	accounts[29].arr = []int64{100, 100}
	l = Indicators(history(t, "2026-05", accounts...), &Signals{Contacts: contacts}, cfg, asOf).Lift[0]
	if l.Lift.OK || !near(l.BaseRate, 0) {
		t.Errorf("lift without churn = %+v", l)
	}
}

func TestLiftCoverage(t *testing.T) {
	// Usage from 2026-W01 (29 December 2025) to W26; months tested on
	// 31 December (April's churn), 30 January (May's) and 2 March (June's).
	// Utilisation needs the test date's last complete week to have data:
	// W04 on 30 January and W09 on 2 March, not 2025-W52 on 31 December.
	// The trend needs W02-W09 as well: only June.
	h := history(t, "2025-12",
		acct{Account{ID: "a"}, []int64{100, 100, 100, 100, 100, 100, 0}},
		acct{Account{ID: "b"}, []int64{100, 100, 100, 100, 100, 100, 100}},
	)
	w01 := period.WeekOf(day(t, "2025-12-29"))
	var usage []Usage
	for a, users := range []int32{1, 5} {
		for w := w01; w < w01+26; w++ {
			usage = append(usage, Usage{Account: int32(a), Week: w, ActiveUsers: users, Seats: 10})
		}
	}
	cfg := DefaultIndicatorConfig()
	cfg.Risk = []RiskRule{
		{Name: "usage_drop", Signal: SignalUsageTrend, Op: "<=", Value: -0.3},
		{Name: "low_use", Signal: SignalSeatUtilisation, Op: "<", Value: 0.2},
		{Name: "no_champion", Signal: SignalActiveChampions, Op: "<", Value: 1}, // no contacts extract: no lift
	}
	r := Indicators(h, &Signals{Usage: usage}, cfg, day(t, "2026-06-30"))
	if len(r.Lift) != 2 {
		t.Fatalf("lift = %+v, want the two usage rules", r.Lift)
	}
	drop, low := r.Lift[0], r.Lift[1]
	// June: a and b, a churned; the trend is flat, so nobody is flagged.
	if drop.Months != 1 || !near(drop.BaseRate, 0.5) || drop.FlaggedRate.OK || drop.Lift.OK || drop.Accounts != 0 {
		t.Errorf("usage_drop = %+v", drop)
	}
	// May and June: 4 account-months, a flagged in both and churned in
	// June: 1 of 2 against 1 of 4.
	if low.Months != 2 || !near(low.FlaggedRate, 0.5) || !near(low.BaseRate, 0.25) || !nearNum(low.Lift, 2) || low.Accounts != 1 || !low.TooFew {
		t.Errorf("low_use = %+v", low)
	}
	if math.IsNaN(low.Lift.Value) {
		t.Error("NaN lift")
	}
}

func TestLiftContactsFromFirstDeparture(t *testing.T) {
	// ARR from October 2025 to June 2026, as of 30 June. Month m is tested
	// 90 days before the end of m-1: June on 2 March, May on 30 January,
	// April on 31 December, March on 30 November, February on 2 November,
	// and so on back to November, tested on 2 August 2025.
	arr := []int64{100, 100, 100, 100, 100, 100, 100, 100, 100}
	h := history(t, "2025-10", acct{Account{ID: "a"}, arr}, acct{Account{ID: "b"}, arr})
	cfg := DefaultIndicatorConfig()
	cfg.Risk = []RiskRule{noChampion}
	asOf := day(t, "2026-06-30")
	months := func(s *Signals) int { return Indicators(h, s, cfg, asOf).Lift[0].Months }

	// The first departure the extract records is 15 January 2026: before
	// it, the extract cannot say who had left. Only May (30 January) and
	// June (2 March) are tested.
	contacts := []Contact{champion(t, 0, "2026-01-15"), champion(t, 1, "")}
	if got := months(&Signals{Contacts: contacts}); got != 2 {
		t.Errorf("months tested = %d, want 2 (May and June)", got)
	}
	// Without any departure, contacts cover what the dated extracts do:
	// usage from 2025-W48 (Monday 24 November) covers March to June.
	still := []Contact{champion(t, 0, ""), champion(t, 1, "")}
	w := period.WeekOf(day(t, "2025-11-24"))
	usage := []Usage{{Account: 0, Week: w, ActiveUsers: 1, Seats: 1}, {Account: 1, Week: w, ActiveUsers: 1, Seats: 1}}
	if got := months(&Signals{Contacts: still, Usage: usage}); got != 4 {
		t.Errorf("months tested with usage from 24 November = %d, want 4 (March to June)", got)
	}
	// Alone and without departures, they cover every month: November to
	// June.
	if got := months(&Signals{Contacts: still}); got != 8 {
		t.Errorf("months tested, contacts alone = %d, want 8", got)
	}
}
