package metrics

import (
	"bytes"
	"encoding/json"
)

// Scope is the part of the company a set of figures covers: a segment, a
// CSM book of business, or, the zero Scope, the whole company.
type Scope struct {
	Kind string // "", "segment" or "csm"
	Name string // the segment, or the CSM book key (see BookKey)
}

// Includes reports whether account a belongs to the scope.
func (s Scope) Includes(a Account) bool {
	switch s.Kind {
	case "segment":
		return a.Segment == s.Name
	case "csm":
		return BookKey(a) == s.Name
	}
	return true
}

// Segments returns the segments of h's accounts, sorted.
func Segments(h *History) []string {
	seen := map[string]bool{}
	for _, a := range h.Accounts {
		seen[a.Segment] = true
	}
	return Keys(seen)
}

// Books returns the CSM book keys of h's accounts, sorted; the pooled book
// is Pooled.
func Books(h *History) []string {
	seen := map[string]bool{}
	for _, a := range h.Accounts {
		seen[BookKey(a)] = true
	}
	return Keys(seen)
}

// ComputeScopes returns the figures of each scope, as of the date of
// company, the figures Compute returned for in. The zero Scope is the
// company itself. Any other scope is computed from its own accounts only,
// so that it shows none of the company's other figures: its retention,
// bridge and leading indicators. Cost, ROI, maturity and the control
// totals are the company's: a scope has none.
func ComputeScopes(in Inputs, company *Result, scopes []Scope) ([]*Result, error) {
	var split *Splitter
	if len(scopes) > 1 && company.Indicators != nil {
		split = in.Signals.Splitter(in.History)
	}
	out := make([]*Result, len(scopes))
	for i, scope := range scopes {
		if scope.Kind == "" {
			out[i] = company
			continue
		}
		sub := in.History.Subset(scope.Includes)
		r, err := retention(sub, company.AsOf)
		if err != nil {
			return nil, err
		}
		r.Currency = company.Currency
		if ind := company.Indicators; ind != nil {
			r.Indicators = Indicators(sub, split.Subset(scope.Includes), in.Indicators, ind.AsOf)
		}
		out[i] = r
	}
	return out, nil
}

// JSON returns metrics.json of r: every computed figure under stable
// names, ratios as fractions and money as exact decimals. Keys are in a
// fixed order, so two builds of the same data give the same bytes.
func (r *Result) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
