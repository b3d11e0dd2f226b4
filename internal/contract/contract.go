// Package contract is the data contract: the files a data folder may
// hold, their columns, and what each adds to the report. The readers
// (package load), the demo company's writers, the report's "add this
// file" texts and the figures that name their source all read it here,
// so that a file or a column is named in one place.
package contract

import "strings"

// The files of a data folder.
const (
	AccountsFile      = "accounts.csv"
	ARRMonthlyFile    = "arr_monthly.csv"
	SubscriptionsFile = "subscriptions.csv"
	FXRatesFile       = "fx_rates.csv"

	// The optional files: a missing one hides its section of the report.
	CostsFile          = "cs_costs.csv"
	RevenueMonthlyFile = "revenue_monthly.csv"
	InitiativesFile    = "initiatives.csv"
	AssessmentsFile    = "assessments.csv"
	TargetsFile        = "targets.csv"
	// ControlsFile holds control totals: figures finance already trusts,
	// which the build checks its own against.
	ControlsFile = "control_totals.csv"

	// The leading-indicator extracts, optional too.
	UsageFile    = "usage_weekly.csv"
	TicketsFile  = "tickets.csv"
	ContactsFile = "contacts.csv"
	RenewalsFile = "renewals.csv"
	NPSFile      = "nps.csv"
	PipelineFile = "pipeline.csv"
)

// IndicatorFiles are the leading-indicator extracts, in the order the
// report names them.
var IndicatorFiles = []string{UsageFile, TicketsFile, ContactsFile, RenewalsFile, NPSFile, PipelineFile}

// Column is a column of a file.
type Column struct {
	Name     string
	Required bool
	// Note is what the column holds, shown in parentheses where the
	// report asks for the file: its values, or "optional".
	Note string
}

// File is a file of the contract.
type File struct {
	Name    string
	Columns []Column // in the order the contract lists them
	// Unlocks says what the file adds to the report, for the text shown
	// in place of a section whose file is absent; "" for the files every
	// report needs.
	Unlocks string
}

// Files is the contract, file by file.
var Files = []File{
	{Name: AccountsFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "account_name"}, {Name: "segment"}, {Name: "csm"},
		{Name: "engagement_model"}, {Name: "industry"}, {Name: "region"}, {Name: "customer_since"},
	}},
	{Name: ARRMonthlyFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "month", Required: true}, {Name: "arr", Required: true}, {Name: "currency"},
	}},
	{Name: SubscriptionsFile, Columns: []Column{
		// mrr or arr: one of the two is required.
		{Name: "subscription_id"}, {Name: "account_id", Required: true}, {Name: "start_date", Required: true},
		{Name: "end_date"}, {Name: "mrr"}, {Name: "arr"}, {Name: "currency"},
	}},
	{Name: FXRatesFile, Columns: []Column{
		{Name: "month", Required: true}, {Name: "currency", Required: true}, {Name: "rate_to_reporting", Required: true},
	}},
	{Name: CostsFile, Columns: []Column{
		{Name: "month", Required: true},
		{Name: "category", Required: true, Note: "csm, support, onboarding, cs_ops, customer_marketing, tooling, other"},
		{Name: "amount", Required: true}, {Name: "headcount", Note: "optional"},
	}, Unlocks: "the cost to retain, cost per retained ARR dollar, CS magic number and ARR per CSM"},
	{Name: RevenueMonthlyFile, Columns: []Column{
		{Name: "month", Required: true}, {Name: "revenue", Required: true},
	}},
	{Name: InitiativesFile, Columns: []Column{
		{Name: "initiative", Required: true}, {Name: "owner"}, {Name: "launched", Required: true},
		{Name: "csms_affected", Required: true}, {Name: "hours_saved_per_csm_per_month", Required: true},
		{Name: "loaded_hourly_cost", Required: true}, {Name: "one_time_cost", Required: true}, {Name: "monthly_cost", Required: true},
	}, Unlocks: "the CS Ops ROI: hours saved, savings against cost, payback and capacity unlocked"},
	{Name: AssessmentsFile, Columns: []Column{
		{Name: "date", Required: true},
		{Name: "framework", Required: true, Note: "cs-value, cs-ops-stage, low-touch-level, role-rubric"},
		{Name: "question", Required: true}, {Name: "rating", Required: true}, {Name: "evidence"}, {Name: "owner"},
	}, Unlocks: "the maturity scorecards"},
	{Name: TargetsFile, Columns: []Column{
		{Name: "metric", Required: true}, {Name: "period", Required: true}, {Name: "target", Required: true},
	}},
	{Name: ControlsFile, Columns: []Column{
		{Name: "metric", Required: true}, {Name: "period", Required: true}, {Name: "value", Required: true}, {Name: "tolerance"},
	}},
	{Name: UsageFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "week", Required: true}, {Name: "active_users", Required: true},
		{Name: "licensed_seats", Required: true}, {Name: "key_events", Note: "optional"},
	}, Unlocks: "seat utilisation and the usage trend, week by week"},
	{Name: TicketsFile, Columns: []Column{
		{Name: "ticket_id", Required: true}, {Name: "account_id", Required: true}, {Name: "opened_at", Required: true},
		{Name: "first_response_at", Required: true}, {Name: "resolved_at", Required: true}, {Name: "priority", Required: true},
		{Name: "category", Required: true}, {Name: "csat", Note: "optional"},
	}, Unlocks: "support load: tickets per 100 accounts, response and resolution times, open P0 tickets"},
	{Name: ContactsFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "contact_id", Required: true},
		{Name: "role", Required: true, Note: "buyer, champion, power_user, other"},
		{Name: "depth", Required: true}, {Name: "active", Required: true}, {Name: "left_on", Note: "optional"},
	}, Unlocks: "champion coverage and champions lost"},
	{Name: RenewalsFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "renewal_date", Required: true}, {Name: "arr_up", Required: true},
		{Name: "forecast", Required: true, Note: "commit, likely, at_risk"},
		{Name: "outcome", Required: true, Note: "renewed, churned, open"},
	}, Unlocks: "the renewal book, the watch list and first-year against tenured renewal rates"},
	{Name: NPSFile, Columns: []Column{
		{Name: "account_id", Required: true}, {Name: "date", Required: true}, {Name: "score", Required: true, Note: "0-10"},
	}, Unlocks: "NPS over the trailing 90 days"},
	{Name: PipelineFile, Columns: []Column{
		{Name: "expected_close_month", Required: true}, {Name: "segment", Required: true},
		{Name: "new_accounts", Required: true}, {Name: "arr", Required: true},
	}, Unlocks: "the inflow of new customers against CS capacity"},
}

// Of returns the contract of the file called name. A name the contract
// does not have is a mistake in the program, and panics.
func Of(name string) File {
	for _, f := range Files {
		if f.Name == name {
			return f
		}
	}
	panic("contract: no file " + name)
}

// Names returns the names of the file's columns, in order.
func (f File) Names() []string {
	out := make([]string, len(f.Columns))
	for i, c := range f.Columns {
		out[i] = c.Name
	}
	return out
}

// Required returns the names of the file's required columns, in order.
func (f File) Required() []string {
	var out []string
	for _, c := range f.Columns {
		if c.Required {
			out = append(out, c.Name)
		}
	}
	return out
}

// ColumnList returns the columns as the report lists them when it asks
// for the file, with their notes: "month, category (csm, support, ...),
// amount, headcount (optional)".
func (f File) ColumnList() string {
	parts := make([]string, len(f.Columns))
	for i, c := range f.Columns {
		parts[i] = c.Name
		if c.Note != "" {
			parts[i] += " (" + c.Note + ")"
		}
	}
	return strings.Join(parts, ", ")
}
