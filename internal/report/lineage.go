package report

import (
	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// Lineage is where a report's figures come from, for the data-quality
// page and the pack's appendix: the files read, the build's warnings and
// the rows of targets.csv.
type Lineage struct {
	Sources  []Source     // in the order the files were read
	Warnings []diag.Issue // the build's warnings, sorted
	// WarningCount counts all warnings, including those not kept.
	WarningCount int
	Targets      []metrics.Target
	// Pull lists the queries that wrote the extracts, when boardpack pull
	// did.
	Pull []Pulled
}

// Pulled is an extract that a warehouse query wrote.
type Pulled struct {
	Extract, Query, QuerySHA256, Server string
	Columns                             []string
	Rows                                int64
	Started, Finished                   string
}

// Source is a file read, so that finance can tie the report to the
// extract.
type Source struct {
	File        string
	Bytes       int64
	Rows        int
	First, Last period.Month // the months covered; 0 when the file has no months
	SHA256      string
	Ignored     []string // the columns the data contract does not know
	// Parts are the files of a folder of parts, in the order read.
	Parts []Source
}
