package metrics

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/period"
)

// TestCompute checks that Compute fills every section whose extract is
// present, leaves the others null, and that metrics.json is Result's own
// shape, its keys in order.
func TestCompute(t *testing.T) {
	h := workedExample(t)
	asOf := period.AsOfMonth(month(t, "2026-06"))
	bare, err := Compute(Inputs{History: h, Currency: "EUR"}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if bare.Cost != nil || bare.CostPrev != nil || bare.OpsROI != nil || bare.Maturity != nil || bare.Indicators != nil || bare.Controls != nil {
		t.Errorf("sections without their extracts: %+v", bare)
	}
	if bare.SchemaVersion != 1 || bare.Currency != "EUR" || bare.History != h || bare.AsOf != asOf.Month {
		t.Errorf("schema %d, currency %q, as of %s", bare.SchemaVersion, bare.Currency, bare.AsOf)
	}
	js, err := bare.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.Token() // {
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
		if k != "retention" && k != "bridge" && k != "schema_version" && k != "as_of" && k != "currency" && string(skip) != "null" {
			t.Errorf("%s = %s, want null without its extract", k, skip)
		}
	}
	want := []string{"schema_version", "as_of", "currency", "retention", "bridge", "cost", "ops_roi", "maturity", "indicators"}
	if !slices.Equal(keys, want) {
		t.Errorf("metrics.json keys %q, want %q", keys, want)
	}

	full, err := Compute(Inputs{
		History: h, Currency: "EUR",
		Costs:       []Cost{{Month: month(t, "2026-06"), Category: "csm", Amount: units(30), Headcount: -1}},
		Initiatives: []Initiative{{Name: "Playbooks", Launched: month(t, "2026-01"), CSMsAffected: 2, HoursPerCSM: 100, HourlyCost: units(50)}},
		ROI:         ROIConfig{ProductiveHours: 120, HoursPerAccount: 4},
		Frameworks:  []Framework{{ID: "cs-value", Scale: ScaleQuality, Questions: []Question{{ID: "q1"}}}},
		Ratings:     []Rating{{Date: month(t, "2026-05").First(), Framework: "cs-value", Question: "q1", Value: 3}},
		Signals:     &Signals{},
		Indicators:  DefaultIndicatorConfig(),
	}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if full.Cost == nil || full.CostPrev == nil || full.CostPrev.T12M.To != month(t, "2026-05") {
		t.Errorf("cost %+v, the month before %+v", full.Cost, full.CostPrev)
	}
	// 2 CSMs x 1 hour x $50 a month, January to June.
	if full.OpsROI == nil || full.OpsROI.Total.Savings != units(600) {
		t.Errorf("ops ROI %+v, want $600 saved", full.OpsROI)
	}
	if m, ok := full.Maturity["cs-value"]; !ok || m.Score.Value != 3 {
		t.Errorf("maturity %+v, want cs-value scored 3", full.Maturity)
	}
	if full.Indicators == nil || full.Indicators.AsOf != asOf.Day {
		t.Errorf("indicators %+v, want them as of %s", full.Indicators, asOf.Day)
	}
}

// TestComputeScopes checks that a scope's figures are computed from its
// accounts alone and carry none of the company's own sections.
func TestComputeScopes(t *testing.T) {
	h := workedExample(t)
	in := Inputs{History: h, Costs: []Cost{{Month: month(t, "2026-06"), Category: "csm", Amount: units(30), Headcount: -1}}}
	company, err := Compute(in, period.AsOfMonth(month(t, "2026-06")))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ComputeScopes(in, company, []Scope{{}, {Kind: "segment", Name: "SMB"}, {Kind: "csm", Name: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != company {
		t.Error("the zero scope is not the company's figures")
	}
	// SMB: b (200, churned) and c (100 down to 80) in the cohort; d won.
	smb := got[1]
	if n := len(smb.History.Accounts); n != 3 || smb.Cost != nil {
		t.Errorf("SMB: %d accounts, cost %+v; want 3 and none", n, smb.Cost)
	}
	if r := smb.Retention.T12M; r.StartingARR != units(300) || r.EndingARR != units(80) {
		t.Errorf("SMB retention from %s to %s, want 300 to 80", r.StartingARR, r.EndingARR)
	}
	// Ana's book: a (100 to 150) and c (100 to 80).
	if r := got[2].Retention.T12M; r.StartingARR != units(200) || r.EndingARR != units(230) {
		t.Errorf("Ana's book from %s to %s, want 200 to 230", r.StartingARR, r.EndingARR)
	}
	if !(Scope{}).Includes(h.Accounts[0]) || (Scope{Kind: "csm", Name: "Ben"}).Includes(h.Accounts[0]) {
		t.Error("Includes")
	}
	if s := Segments(h); !slices.Equal(s, []string{"Enterprise", "SMB"}) {
		t.Errorf("Segments = %q", s)
	}
}
