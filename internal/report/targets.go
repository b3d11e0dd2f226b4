package report

import (
	"math"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// targetsInForce are the targets of a report as of one month, with where
// each comes from.
type targetsInForce struct {
	Targets
	// rows holds the row of targets.csv that set each metric's target;
	// a metric missing from it has the configuration's target, or none.
	rows map[string]metrics.Target
}

// resolveTargets returns the targets that apply to a report as of m: for
// each metric, a row of targets.csv whose period holds m replaces the
// configuration's target, and of several such rows the one of the shortest
// period wins (a month before its quarter before its year), so that a
// yearly target can be refined for a quarter or a month.
func resolveTargets(cfg Targets, rows []metrics.Target, m period.Month) targetsInForce {
	t := targetsInForce{Targets: cfg, rows: map[string]metrics.Target{}}
	for _, r := range rows {
		if m < r.From || m > r.To {
			continue
		}
		if cur, ok := t.rows[r.Metric]; ok && cur.To-cur.From <= r.To-r.From {
			continue
		}
		t.rows[r.Metric] = r
		v := r.Value
		*t.field(r.Metric) = &v
	}
	return t
}

// field returns the target of metric, one of metrics.TargetMetrics.
func (t *Targets) field(metric string) **float64 {
	switch metric {
	case metrics.TargetNRR:
		return &t.NRR
	case metrics.TargetGRR:
		return &t.GRR
	case metrics.TargetLogoRetention:
		return &t.LogoRetention
	case metrics.TargetCostToRetain:
		return &t.CostToRetain
	}
	panic("report: no target metric " + metric)
}

// targetLabels are the metrics as the targets table names them.
var targetLabels = map[string]string{
	metrics.TargetNRR:           "Net revenue retention",
	metrics.TargetGRR:           "Gross revenue retention",
	metrics.TargetLogoRetention: "Logo retention",
	metrics.TargetCostToRetain:  "Cost to retain (a ceiling)",
}

// targetsTable lists the targets in force and where each comes from, for
// the data-quality page: a reader of a tile's "off track" can see which
// row of which file set the bar.
func (b *builder) targetsTable() Table {
	t := Table{
		Caption: "Targets as of " + b.r.AsOf.Label(),
		Head:    []Cell{{Text: "Metric"}, {Text: "Target", Num: true}, {Text: "Set by"}},
	}
	for _, m := range metrics.TargetMetrics {
		v := *b.targets.field(m)
		if v == nil {
			continue
		}
		by := "configuration, [targets] " + m
		if r, ok := b.targets.rows[m]; ok {
			by = contract.TargetsFile + " line " + format.Count(r.Line) + ", period " + r.Period
		}
		t.Rows = append(t.Rows, []Cell{{Text: targetLabels[m]}, ratioCell(metrics.Ratio{Value: *v, OK: true}), {Text: by}})
	}
	if len(t.Rows) == 0 {
		t.Note = "No targets are set: add " + contract.TargetsFile + " to the data folder, or [targets] to the configuration."
	}
	return t
}

// withTarget sets t's target, the gap to it and whether cur is on track.
// For a ceiling (cost to retain), at or below the target is on track. The
// status follows the gap as shown, to a tenth of a point, so that a tile
// never reads "at target · off track".
func withTarget(t *Tile, cur metrics.Ratio, target *float64, ceiling bool) {
	if target == nil {
		return
	}
	goal := metrics.Ratio{Value: *target, OK: true}
	t.Target = format.Percent(goal)
	if !cur.OK {
		return
	}
	t.Gap = format.Gap(goal, cur)
	t.Status = "off"
	if d := math.Round((cur.Value - *target) * 1000); d == 0 || (d > 0) != ceiling {
		t.Status = "on"
	}
}
