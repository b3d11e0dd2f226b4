package metrics_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/load"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// The dbtmrr dataset (testdata/dbtmrr/README.md) is real-world-shaped
// subscription data whose figures were computed by a separate Python
// script, not by boardpack. Loading it through the real loader and
// comparing every figure guards the whole path from CSV to metrics against
// a mistake made the same way in the code and in its hand-written tests.

const dbtmrrDir = "../testdata/dbtmrr"

// dbtBridge is a bridge of expected.json, in whole currency units.
type dbtBridge struct {
	Start        int64 `json:"start"`
	New          int64 `json:"new"`
	Expansion    int64 `json:"expansion"`
	Reactivation int64 `json:"reactivation"`
	Contraction  int64 `json:"contraction"`
	Churn        int64 `json:"churn"`
	End          int64 `json:"end"`
}

// dbtRetention is a retention of expected.json. A nil ratio is null: its
// denominator is zero.
type dbtRetention struct {
	CohortAccounts int      `json:"cohort_accounts"`
	StartingARR    int64    `json:"starting_arr"`
	EndingARR      int64    `json:"ending_arr"`
	NRRNum         int64    `json:"nrr_num"`
	NRRDen         int64    `json:"nrr_den"`
	NRR            *float64 `json:"nrr"`
	GRRNum         int64    `json:"grr_num"`
	GRRDen         int64    `json:"grr_den"`
	GRR            *float64 `json:"grr"`
	LogoNum        int      `json:"logo_num"`
	LogoDen        int      `json:"logo_den"`
	LogoRetention  *float64 `json:"logo_retention"`
}

type dbtAsOf struct {
	Bridge struct {
		Month   dbtBridge `json:"month"`
		Quarter dbtBridge `json:"quarter"`
		T12M    dbtBridge `json:"t12m"`
	} `json:"bridge"`
	Retention struct {
		T12M      dbtRetention            `json:"t12m"`
		Quarterly dbtRetention            `json:"quarterly"`
		Monthly   dbtRetention            `json:"monthly"`
		BySegment map[string]dbtRetention `json:"by_segment"`
	} `json:"retention"`
}

// readExpected reads expected.json. Unknown fields are an error, so that a
// figure added to the script cannot go unchecked here.
func readExpected(t *testing.T) (map[string]int64, map[string]dbtAsOf) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dbtmrrDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	decode := func(raw json.RawMessage, v any) {
		t.Helper()
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			t.Fatalf("expected.json: %v", err)
		}
	}
	var totals map[string]int64
	asOf := map[string]dbtAsOf{}
	for k, raw := range top {
		if k == "monthly_totals" {
			decode(raw, &totals)
			continue
		}
		var a dbtAsOf
		decode(raw, &a)
		asOf[k] = a
	}
	return totals, asOf
}

func TestDBTMRR(t *testing.T) {
	ds, err := load.Load(dbtmrrDir, load.Options{})
	if err != nil {
		t.Fatalf("loading %s: %v", dbtmrrDir, err)
	}
	totals, expected := readExpected(t)
	if len(totals) == 0 || len(expected) != 3 {
		t.Fatalf("expected.json has %d monthly totals and %d as-of months, want some and 3", len(totals), len(expected))
	}

	t.Run("monthly_totals", func(t *testing.T) {
		h := ds.History
		months := make([]string, 0, len(totals))
		for m := range totals {
			months = append(months, m)
		}
		slices.Sort(months)
		for _, s := range months {
			m := parseMonth(t, s)
			if got, want := h.Total(m), money.FromUnits(totals[s]); got != want {
				t.Errorf("total ARR in %s = %s, want %s", s, got, want)
			}
		}
		// The script's months run from the first with ARR to the last any
		// subscription counts in; outside them there is none.
		first, last := parseMonth(t, months[0]), parseMonth(t, months[len(months)-1])
		for _, m := range []period.Month{first.Add(-1), last.Add(1)} {
			if got := h.Total(m); got != 0 {
				t.Errorf("total ARR in %s = %s, want 0", m, got)
			}
		}
	})

	for _, s := range []string{"2019-06", "2019-12", "2018-12"} {
		want, ok := expected[s]
		if !ok {
			t.Fatalf("expected.json has no %s", s)
		}
		t.Run(s, func(t *testing.T) {
			r, err := metrics.Compute(metrics.Inputs{History: ds.History}, period.AsOfMonth(parseMonth(t, s)))
			if err != nil {
				t.Fatal(err)
			}
			checkBridge(t, "bridge month", r.Bridge.Month, want.Bridge.Month)
			checkBridge(t, "bridge quarter", r.Bridge.Quarter, want.Bridge.Quarter)
			checkBridge(t, "bridge t12m", r.Bridge.T12M, want.Bridge.T12M)

			checkRetention(t, "retention t12m", r.Retention.T12M, want.Retention.T12M)
			checkRetention(t, "retention quarterly", r.Retention.Quarterly, want.Retention.Quarterly)
			checkRetention(t, "retention monthly", r.Retention.Monthly, want.Retention.Monthly)

			for seg, w := range want.Retention.BySegment {
				// A segment with no cohort account has no entry: its
				// figures are all zero and its ratios undefined, as the
				// script's are.
				var got metrics.Retention
				if p := r.Retention.Segment[seg]; p != nil {
					got = *p
				}
				checkRetention(t, "retention t12m "+seg, got, w)
			}
			for seg := range r.Retention.Segment {
				if _, ok := want.Retention.BySegment[seg]; !ok {
					t.Errorf("retention has segment %q, which the dataset does not", seg)
				}
			}
		})
	}
}

func checkBridge(t *testing.T, name string, got metrics.Bridge, want dbtBridge) {
	t.Helper()
	for _, f := range []struct {
		field string
		got   money.Amount
		want  int64
	}{
		{"start", got.Start, want.Start},
		{"new", got.New, want.New},
		{"expansion", got.Expansion, want.Expansion},
		{"reactivation", got.Reactivation, want.Reactivation},
		{"contraction", got.Contraction, want.Contraction},
		{"churn", got.Churn, want.Churn},
		{"end", got.End, want.End},
	} {
		if f.got != money.FromUnits(f.want) {
			t.Errorf("%s %s = %s, want %d", name, f.field, f.got, f.want)
		}
	}
}

func checkRetention(t *testing.T, name string, got metrics.Retention, want dbtRetention) {
	t.Helper()
	amount := func(field string, got money.Amount, want int64) {
		t.Helper()
		if got != money.FromUnits(want) {
			t.Errorf("%s %s = %s, want %d", name, field, got, want)
		}
	}
	count := func(field string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s %s = %d, want %d", name, field, got, want)
		}
	}
	count("cohort_accounts", got.CohortAccounts, want.CohortAccounts)
	amount("starting_arr", got.StartingARR, want.StartingARR)
	amount("ending_arr", got.EndingARR, want.EndingARR)
	// The numerators and denominators are exact: NRR is ending over
	// starting ARR, GRR the ARR retained (capped per account) over
	// starting ARR, logo retention the accounts retained over the cohort.
	amount("nrr_num", got.EndingARR, want.NRRNum)
	amount("nrr_den", got.StartingARR, want.NRRDen)
	amount("grr_num", got.RetainedARR, want.GRRNum)
	amount("grr_den", got.StartingARR, want.GRRDen)
	count("logo_num", got.RetainedAccounts, want.LogoNum)
	count("logo_den", got.CohortAccounts, want.LogoDen)
	checkRatio(t, name+" nrr", got.NRR, want.NRR, float64(want.NRRNum)/float64(want.NRRDen))
	checkRatio(t, name+" grr", got.GRR, want.GRR, float64(want.GRRNum)/float64(want.GRRDen))
	checkRatio(t, name+" logo_retention", got.LogoRetention, want.LogoRetention, float64(want.LogoNum)/float64(want.LogoDen))
}

// checkRatio compares a ratio with expected.json's, which is null when
// undefined and otherwise rounded to six places; exact is the expected
// num/den in float64.
func checkRatio(t *testing.T, name string, got metrics.Ratio, want *float64, exact float64) {
	t.Helper()
	if want == nil {
		if got.OK {
			t.Errorf("%s = %v, want undefined (null)", name, got.Value)
		}
		return
	}
	if !got.OK {
		t.Errorf("%s undefined, want %v", name, *want)
		return
	}
	const eps = 1e-9
	if math.Abs(got.Value-exact) > eps {
		t.Errorf("%s = %.12f, want num/den = %.12f", name, got.Value, exact)
	}
	// Within half a unit of the sixth place, whichever way the script
	// broke a tie.
	if math.Abs(got.Value-*want) > 5e-7+eps {
		t.Errorf("%s = %.12f, want %v to six places", name, got.Value, *want)
	}
}

func parseMonth(t *testing.T, s string) period.Month {
	t.Helper()
	m, err := period.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
