// Package archive reads the periods already published in an output folder,
// so that a build keeps them, lists them and compares itself with the one
// before.
//
// Each build as of a period writes its site twice: under the period's own
// folder (out/2026-W43/), which later builds keep as it is, and at the root
// of the output folder when it is the latest period. The folder name is the
// period; its metrics.json is the record of what it showed.
package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// Entry is a period published in an output folder, with the headline
// figures its metrics.json holds.
type Entry struct {
	Period   string // the folder's name, such as "2026-W43"
	Week     period.Week
	Headline Headline
	// Pages holds the paths of the period's files, relative to its folder,
	// so that a page of a later period links to the same page only where
	// it exists.
	Pages map[string]bool
}

// Headline holds the figures of metrics.json that the summary compares
// week on week and the history page lists. Only these keys are read, so
// a period written by an older release of boardpack still reads.
type Headline struct {
	AsOf      string `json:"as_of"`
	Currency  string `json:"currency"`
	Retention struct {
		T12M struct {
			NRR           metrics.Ratio `json:"nrr"`
			GRR           metrics.Ratio `json:"grr"`
			LogoRetention metrics.Ratio `json:"logo_retention"`
		} `json:"t12m"`
	} `json:"retention"`
	Bridge struct {
		T12M struct {
			End money.Amount `json:"end"`
		} `json:"t12m"`
	} `json:"bridge"`
	Cost *struct {
		T12M struct {
			CostToRetain metrics.Ratio `json:"cost_to_retain"`
		} `json:"t12m"`
	} `json:"cost"`
	Indicators *struct {
		Renewals *struct {
			AtRiskARR90d money.Amount `json:"at_risk_arr_90d"`
		} `json:"renewals"`
	} `json:"indicators"`
}

// CostToRetain returns the period's trailing-12-month cost to retain, and
// false when it had no cost extract.
func (h Headline) CostToRetain() (metrics.Ratio, bool) {
	if h.Cost == nil {
		return metrics.Ratio{}, false
	}
	return h.Cost.T12M.CostToRetain, true
}

// AtRiskARR returns the period's at-risk ARR renewing in 90 days, and
// false when it had no renewal book.
func (h Headline) AtRiskARR() (money.Amount, bool) {
	if h.Indicators == nil || h.Indicators.Renewals == nil {
		return 0, false
	}
	return h.Indicators.Renewals.AtRiskARR90d, true
}

// Name returns the folder name of the period of week w.
func Name(w period.Week) string { return w.String() }

var periodName = regexp.MustCompile(`^[0-9]{4}-W[0-9]{2}$`)

// IsPeriod reports whether name is the name of a period folder.
func IsPeriod(name string) bool { return periodName.MatchString(name) }

// Scan returns the periods published in out, oldest first. A folder that
// is absent holds none. A period folder whose metrics.json is missing is
// not a published period and is skipped; one whose metrics.json cannot be
// read is an error, since a build would otherwise drop it from the
// history.
func Scan(out string) ([]Entry, error) {
	dirs, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var entries []Entry
	for _, d := range dirs {
		if !d.IsDir() || !IsPeriod(d.Name()) {
			continue
		}
		w, err := period.ParseWeek(d.Name())
		if err != nil {
			continue // 2026-W60: not a week, so not a period
		}
		dir := filepath.Join(out, d.Name())
		data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		e := Entry{Period: d.Name(), Week: w}
		if err := json.Unmarshal(data, &e.Headline); err != nil {
			return nil, fmt.Errorf("%s: cannot read the published period: %w", filepath.Join(dir, "metrics.json"), err)
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b Entry) int { return int(a.Week - b.Week) })
	return entries, nil
}

// ReadPages fills e.Pages with the files of e's folder in out.
func ReadPages(out string, e *Entry) error {
	dir := filepath.Join(out, e.Period)
	e.Pages = map[string]bool{}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		e.Pages[filepath.ToSlash(rel)] = true
		return nil
	})
}

// Before returns the latest entry of entries earlier than w, or nil.
func Before(entries []Entry, w period.Week) *Entry {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Week < w {
			return &entries[i]
		}
	}
	return nil
}
