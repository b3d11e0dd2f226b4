package metrics

import (
	"reflect"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/period"
)

// publishedAs returns what a build of h as of month would have published.
func publishedAs(t *testing.T, name string, h *History, asOf string) Published {
	t.Helper()
	r, err := retention(h, month(t, asOf))
	if err != nil {
		t.Fatal(err)
	}
	return Published{Period: name, Month: r.Bridge.Month, Trend: r.Retention.Trend}
}

func TestRestatements(t *testing.T) {
	// The worked example was published as of 2026-05 (W21) and 2026-06
	// (W25). Since, c's ARR of 2026-06 was corrected from 80 to 70, and a
	// late row gave b 10 in 2026-05, after its churn.
	old := workedExample(t)
	published := []Published{publishedAs(t, "2026-W21", old, "2026-05"), publishedAs(t, "2026-W25", old, "2026-06")}
	h := workedExample(t)
	h.Add(2, month(t, "2026-06"), units(-10))
	h.Add(1, month(t, "2026-05"), units(10))
	asOf := month(t, "2026-06")
	r, err := retention(h, asOf)
	if err != nil {
		t.Fatal(err)
	}
	got := Restatements(h, r, published)
	money := func(v int64) Figure { return Figure{Money: units(v)} }
	ratio := func(v float64) Figure { return Figure{Ratio: Ratio{v, true}, IsRatio: true} }
	may, june := month(t, "2026-05"), month(t, "2026-06")
	want := []Restatement{
		// May: b reactivated at 10, so ARR 240 was 230 (a 100, c 80, d
		// 50); its T12M cohort (from 2025-05, before the data) is empty
		// either way.
		{Figure: ControlEndingARR, Month: may, Period: "2026-W21", Old: money(230), New: money(240)},
		{Figure: ControlReactivation, Month: may, Period: "2026-W21", Old: money(0), New: money(10)},
		// June: W25 published ARR 280 (a 150, c 80, d 50), now 270; b's
		// return is churned again, c contracted by 10 more.
		{Figure: ControlEndingARR, Month: june, Period: "2026-W25", Old: money(280), New: money(270)},
		{Figure: ControlContraction, Month: june, Period: "2026-W25", Old: money(0), New: money(10)},
		{Figure: ControlChurn, Month: june, Period: "2026-W25", Old: money(0), New: money(10)},
		// The cohort of 2025-06 (a, b, c: 400) ends at 150 + 0 + 70.
		{Figure: RestatedNRR, Month: june, Period: "2026-W25", Old: ratio(230.0 / 400), New: ratio(220.0 / 400)},
		{Figure: RestatedGRR, Month: june, Period: "2026-W25", Old: ratio(180.0 / 400), New: ratio(170.0 / 400)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Restatements:\n got %+v\nwant %+v", got, want)
	}
	// Nothing changed: nothing restated.
	rOld, err := retention(old, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if got := Restatements(old, rOld, published); len(got) != 0 {
		t.Errorf("Restatements of the same data = %+v, want none", got)
	}
	// A period published as of a month after the as-of month is compared
	// on the months up to it only: a rebuild of an earlier week cannot
	// know the later ones. W25's trend holds May, undefined then and now.
	rMay, err := retention(h, may)
	if err != nil {
		t.Fatal(err)
	}
	if got := Restatements(h, rMay, published[1:]); len(got) != 0 {
		t.Errorf("Restatements of W25 as of May = %+v, want none", got)
	}

	// The accounts behind June's ARR: c, by 10; behind May's: b.
	accounts, n := DiffARR(h, old).Changed(want[2].Months(), 10)
	if wantAcc := []AccountRestated{{ID: "c", Month: june, Old: units(80), New: units(70)}}; n != 1 || !slices.Equal(accounts, wantAcc) {
		t.Errorf("ChangedAccounts(June) = %+v, %d; want %+v, 1", accounts, n, wantAcc)
	}
	accounts, n = DiffARR(h, old).Changed([]period.Month{may, june}, 1)
	if n != 2 || len(accounts) != 1 || accounts[0].ID != "b" && accounts[0].ID != "c" {
		t.Errorf("ChangedAccounts(May, June) = %+v, %d; want one of 2 (a tie of 10, by ID: b)", accounts, n)
	}
	if accounts[0].ID != "b" {
		t.Errorf("ChangedAccounts tie: %+v, want b first", accounts)
	}
}

func TestChangedAccountsByID(t *testing.T) {
	// An account gone from the data counts at zero now; one new to it
	// counts at zero before.
	old := history(t, "2026-01", acct{Account{ID: "x"}, []int64{10, 10}}, acct{Account{ID: "y"}, []int64{5, 5}})
	h := history(t, "2026-01", acct{Account{ID: "y"}, []int64{5, 5}}, acct{Account{ID: "z", Name: "Zed"}, []int64{0, 30}})
	got, n := DiffARR(h, old).Changed([]period.Month{month(t, "2026-01"), month(t, "2026-02")}, 10)
	want := []AccountRestated{
		{ID: "z", Name: "Zed", Month: month(t, "2026-02"), Old: 0, New: units(30)},
		{ID: "x", Month: month(t, "2026-01"), Old: units(10), New: 0},
	}
	if n != 2 || !slices.Equal(got, want) {
		t.Errorf("ChangedAccounts = %+v, %d; want %+v", got, n, want)
	}
}
