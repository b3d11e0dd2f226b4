package report

import (
	"bytes"
	"encoding/json"

	"github.com/boardpack/boardpack/metrics"
)

// SchemaVersion is the version of metrics.json. Its names are a public
// interface: a change that renames or removes one raises it.
const SchemaVersion = 1

// metricsDoc is the shape of metrics.json.
type metricsDoc struct {
	SchemaVersion int                     `json:"schema_version"`
	AsOf          string                  `json:"as_of"`
	Currency      string                  `json:"currency"`
	Retention     metrics.RetentionReport `json:"retention"`
	Bridge        metrics.BridgeReport    `json:"bridge"`
	// The optional sections are null when their extract is absent, so the
	// keys are always there for CI to read.
	Cost       *metrics.CostReport              `json:"cost"`
	OpsROI     *metrics.ROIReport               `json:"ops_roi"`
	Maturity   map[string]metrics.MaturityScore `json:"maturity"`
	Indicators *metrics.IndicatorReport         `json:"indicators"`
}

// MetricsJSON returns metrics.json of a report: every computed figure under
// stable names, ratios as fractions and money as exact decimals. Keys are
// in a fixed order, so two builds of the same data give the same bytes.
func MetricsJSON(in Input) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(newMetricsDoc(in)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newMetricsDoc returns the figures of metrics.json, which commentary
// references by the same names.
func newMetricsDoc(in Input) metricsDoc {
	doc := metricsDoc{
		SchemaVersion: SchemaVersion,
		AsOf:          in.Result.AsOf.String(),
		Currency:      in.Config.Currency,
		Retention:     in.Result.Retention,
		Bridge:        in.Result.Bridge,
		Cost:          in.Result.Cost,
		OpsROI:        in.Result.OpsROI,
		Indicators:    in.Result.Indicators,
	}
	if in.Result.Maturity != nil {
		doc.Maturity = map[string]metrics.MaturityScore{}
		for _, m := range in.Result.Maturity {
			doc.Maturity[m.Framework] = m
		}
	}
	return doc
}
