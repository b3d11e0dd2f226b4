package report

import (
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// TestUndefinedCostTiles checks that with no CS cost the cost page's
// tiles and the commentary's references to the same figures read alike:
// "n/a", formatted by one function per kind of figure.
func TestUndefinedCostTiles(t *testing.T) {
	oct := period.New(2026, time.October)
	cost := &metrics.CostReport{HeadcountBasis: "accounts.csv"} // every ratio undefined
	in := Input{Config: Config{Currency: "USD"}, Result: &metrics.Result{
		AsOf: oct, Cost: cost, History: metrics.NewHistory(nil, oct.Add(-12), 13),
	}}
	page := newBuilder(in).costPage()
	tiles := map[string]string{}
	for _, tile := range page.Tiles {
		tiles[tile.Label] = tile.Value
	}
	resolve := MetricResolver(in)
	for label, key := range map[string]string{
		"CS magic number":              "cost.t12m.magic_number",
		"Cost per retained ARR dollar": "cost.t12m.cost_per_retained_arr",
		"Cost to retain":               "cost.t12m.cost_to_retain",
	} {
		ref, err := resolve(key)
		if err != nil {
			t.Fatal(err)
		}
		if tiles[label] != "n/a" || ref != "n/a" {
			t.Errorf("%s: the tile reads %q and %s reads %q; want n/a for both", label, tiles[label], key, ref)
		}
	}
}
