package load

import (
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// accountRecord is a row of accounts.csv as text.
type accountRecord struct {
	ID              string `csv:"account_id"`
	Name            string `csv:"account_name"`
	Segment         string `csv:"segment"`
	CSM             string `csv:"csm"`
	EngagementModel string `csv:"engagement_model"`
	Industry        string `csv:"industry"`
	Region          string `csv:"region"`
	CustomerSince   string `csv:"customer_since"`
}

var accountColumns = []string{"account_id", "account_name", "segment", "csm", "engagement_model", "industry", "region", "customer_since"}

// DefaultSegment is the segment of accounts whose extract has none.
const DefaultSegment = "All"

// accountTable is accounts.csv, validated, with the line of each account
// for later messages about it.
type accountTable struct {
	list  []metrics.Account
	lines []int
	index map[string]int32
}

func readAccounts(f *file, issues *diag.List) (*accountTable, columns) {
	rows, cols, ok := readTable[accountRecord](f, issues, "account_id")
	if !ok {
		return nil, cols
	}
	t := &accountTable{
		list:  make([]metrics.Account, 0, len(rows)),
		lines: make([]int, 0, len(rows)),
		index: make(map[string]int32, len(rows)),
	}
	for _, r := range rows {
		a := r.rec
		id := strings.TrimSpace(a.ID)
		if id == "" {
			issues.Addf(f.name, r.line, "account_id", "empty: every account needs an id")
			continue
		}
		if first, dup := t.index[id]; dup {
			issues.Addf(f.name, r.line, "account_id", "duplicate account %q (first on line %d)", id, t.lines[first])
			continue
		}
		acct := metrics.Account{
			ID:              id,
			Name:            strings.TrimSpace(a.Name),
			Segment:         strings.TrimSpace(a.Segment),
			CSM:             strings.TrimSpace(a.CSM),
			EngagementModel: strings.ToLower(strings.TrimSpace(a.EngagementModel)),
			Industry:        strings.TrimSpace(a.Industry),
			Region:          strings.TrimSpace(a.Region),
		}
		if acct.Name == "" {
			acct.Name = id
		}
		if acct.Segment == "" {
			acct.Segment = DefaultSegment
		}
		if s := strings.TrimSpace(a.CustomerSince); s != "" {
			d, err := period.ParseDate(s)
			if err != nil {
				// The account is still kept, so that its rows in other
				// files are not also reported as unknown.
				issues.Addf(f.name, r.line, "customer_since", "cannot parse %q as a date (YYYY-MM-DD)", s)
			} else {
				acct.Since = period.Of(d)
			}
		}
		t.index[id] = int32(len(t.list))
		t.list = append(t.list, acct)
		t.lines = append(t.lines, r.line)
	}
	return t, cols
}
