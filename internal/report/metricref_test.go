package report

import (
	"strings"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// resolverInput is a report of hand-picked figures: no cost extract (its
// section is null) and two lift rules.
func resolverInput() Input {
	oct := period.New(2026, time.October)
	ratio := func(v float64) metrics.Ratio { return metrics.Ratio{Value: v, OK: true} }
	res := &metrics.Result{
		SchemaVersion: metrics.SchemaVersion, AsOf: oct, Currency: "USD",
		Retention: metrics.RetentionReport{
			T12M: metrics.Retention{From: oct.Add(-12), To: oct, NRR: ratio(1.0714), GRR: ratio(0.9125), StartingARR: money.Amount(67_770_620_88), CohortAccounts: 1198},
			Breakdowns: metrics.Breakdowns{Segment: map[string]*metrics.Retention{
				"Enterprise": {GRR: ratio(0.95)},
				"Mid-Market": {GRR: ratio(0.8826)},
			}, CSM: map[string]*metrics.Retention{"J. Smith": {NRR: ratio(1.1)}}},
		},
		Bridge: metrics.BridgeReport{T12M: metrics.Bridge{Churn: money.Amount(5_383_064_64), End: money.Amount(84_149_889_08)}},
		Indicators: &metrics.IndicatorReport{
			AsOfWeek: period.LastCompleteWeek(oct.LastDay()),
			Renewals: &metrics.RenewalReport{ARR90d: money.Amount(950_000_00)},
			Support:  &metrics.SupportReport{SupportFigures: metrics.SupportFigures{Tickets: 2041, MedianFirstResponseHours: metrics.Number{Value: 4.26, OK: true}}},
			Lift: []metrics.Lift{
				{Rule: "usage_drop", Lift: metrics.Number{Value: 3.04, OK: true}, TooFew: false},
				{Rule: "open_p0"},
			},
		},
		Maturity: map[string]metrics.MaturityScore{"cs-value": {Framework: "cs-value", Score: ratio(2.2)}},
	}
	return Input{Config: Config{Currency: "USD"}, Result: res}
}

func TestMetricResolver(t *testing.T) {
	resolve := MetricResolver(resolverInput())
	for _, c := range []struct{ key, want string }{
		{"retention.t12m.nrr", "107.1%"},                 // a ratio, as format.Percent
		{"retention.t12m.logo_retention", "n/a"},         // undefined
		{"retention.t12m.starting_arr", "$67.8M"},        // money, as the tiles show it
		{"bridge.t12m.end", "$84.1M"},                    // the ending ARR tile's figure
		{"retention.t12m.cohort_accounts", "1,198"},      // a count
		{"retention.t12m.start_month", "Oct 2025"},       // a month, as the site labels it
		{"retention.by_segment.Mid-Market.grr", "88.3%"}, // a map key with a hyphen
		{"retention.by_csm.J. Smith.nrr", "110.0%"},      // a map key with a dot
		{"indicators.lift.0.lift", "3.0×"},               // a list index; the lift table's form
		{"indicators.lift.1.lift", "n/a"},                // undefined
		{"indicators.lift.0.rule", "usage_drop"},         // text as it is
		{"indicators.lift.0.too_few_accounts", "no"},     // a yes-or-no
		{"indicators.renewals.arr_90d", "$950K"},         // money under a pointer
		{"indicators.support.tickets", "2,041"},          // a field of an embedded struct
		{"indicators.support.median_first_response_hours", "4.3 h"},
		{"indicators.as_of_week", "W43 (19–25 Oct 2026)"},
		{"indicators.nps.score", "n/a"},     // the NPS extract is absent: its section is null
		{"cost.t12m.cost_to_retain", "n/a"}, // as is the cost extract
		{"cost.t12m.magic_number", "n/a"},
		{"cost.by_category.Support.share", "n/a"}, // inside a null section, any key
		{"maturity.cs-value.score", "2.2 of 3"},   // a score, not a fraction
		{"as_of", "2026-10"},
		{"currency", "USD"},
		{"schema_version", "1"},
	} {
		got, err := resolve(c.key)
		if err != nil || got != c.want {
			t.Errorf("%s = %q, %v; want %q", c.key, got, err, c.want)
		}
	}
}

func TestMetricResolverErrors(t *testing.T) {
	resolve := MetricResolver(resolverInput())
	for _, c := range []struct{ key, want string }{
		{"retention.t12m.nrrr", `unknown metric "retention.t12m.nrrr": did you mean "retention.t12m.nrr"?`},
		{"retenton.t12m.nrr", `did you mean "retention.t12m.nrr"?`},
		{"retention.by_segment.Enterprize.grr", `did you mean "retention.by_segment.Enterprise.grr"?`},
		{"retention.by_segment.mid-market.grr", `did you mean "retention.by_segment.Mid-Market.grr"?`},
		{"retention.by_segment.Public Sector.grr", `unknown metric "retention.by_segment.Public Sector.grr": retention.by_segment has no "Public Sector"; it has Enterprise, Mid-Market`},
		{"indicators.lift.2.lift", `indicators.lift is a list of 2: give an index from 0 to 1`},
		{"indicators.lift.first.lift", `indicators.lift is a list of 2: give an index from 0 to 1`},
		{"indicators.watch_list.0.arr", `indicators.watch_list is an empty list`},
		{"retention.t12m", `metric "retention.t12m" is a group of figures, not one: name one of them, such as "retention.t12m.start_month"`},
		{"cost", `metric "cost" is a group of figures`},
		{"retention.t12m.nrr.value", `unknown metric "retention.t12m.nrr.value": retention.t12m.nrr is a figure, with no "value" in it`},
		// A null section's names are still checked.
		{"cost.t12m.cost_to_retian", `did you mean "cost.t12m.cost_to_retain"?`},
		{"bogus", `unknown metric "bogus": metrics.json has no "bogus"; it has schema_version, as_of, currency, retention`},
		{"", `unknown metric "": metrics.json has no ""`},
	} {
		_, err := resolve(c.key)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.key, err, c.want)
		}
	}
}

// TestMetricResolverNames checks every name metrics.json writes against
// the resolver: what CI reads, the commentary can reference.
func TestMetricResolverNames(t *testing.T) {
	in := resolverInput()
	resolve := MetricResolver(in)
	for _, key := range []string{
		"retention.quarterly.grr", "retention.monthly.churned_accounts", "retention.by_engagement_model",
		"retention.by_tenure", "retention.by_region", "retention.trend", "retention.cohorts",
		"bridge.month.new_logos", "bridge.quarter.reactivation", "ops_roi.total", "indicators.weekly.nps",
		"indicators.usage.seat_utilisation", "indicators.relationships.champion_coverage",
	} {
		if _, err := resolve(key); err != nil && !strings.Contains(err.Error(), "is a group of figures") && !strings.Contains(err.Error(), "empty") {
			t.Errorf("%s: %v", key, err)
		}
	}
}
