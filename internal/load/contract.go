package load

import (
	"slices"

	"github.com/boardpack/boardpack/internal/contract"
)

// The files of a data folder, as package contract names them.
const (
	AccountsFile       = contract.AccountsFile
	ARRMonthlyFile     = contract.ARRMonthlyFile
	SubscriptionsFile  = contract.SubscriptionsFile
	FXRatesFile        = contract.FXRatesFile
	CostsFile          = contract.CostsFile
	RevenueMonthlyFile = contract.RevenueMonthlyFile
	InitiativesFile    = contract.InitiativesFile
	AssessmentsFile    = contract.AssessmentsFile
	TargetsFile        = contract.TargetsFile
	ControlsFile       = contract.ControlsFile
	UsageFile          = contract.UsageFile
	TicketsFile        = contract.TicketsFile
	ContactsFile       = contract.ContactsFile
	RenewalsFile       = contract.RenewalsFile
	NPSFile            = contract.NPSFile
	PipelineFile       = contract.PipelineFile
)

// The columns each reader knows: any other column of its file is listed
// as not used.
var (
	accountColumns      = contract.Of(AccountsFile).Names()
	arrColumns          = contract.Of(ARRMonthlyFile).Names()
	subscriptionColumns = contract.Of(SubscriptionsFile).Names()
	fxColumns           = contract.Of(FXRatesFile).Names()
	costColumns         = contract.Of(CostsFile).Names()
	revenueColumns      = contract.Of(RevenueMonthlyFile).Names()
	initiativeColumns   = contract.Of(InitiativesFile).Names()
	assessmentColumns   = contract.Of(AssessmentsFile).Names()
	targetColumns       = contract.Of(TargetsFile).Names()
	controlColumns      = contract.Of(ControlsFile).Names()
	usageColumns        = contract.Of(UsageFile).Names()
	ticketColumns       = contract.Of(TicketsFile).Names()
	contactColumns      = contract.Of(ContactsFile).Names()
	renewalColumns      = contract.Of(RenewalsFile).Names()
	npsColumns          = contract.Of(NPSFile).Names()
	inflowColumns       = contract.Of(PipelineFile).Names()
)

// required returns the required columns of the file called name.
func required(name string) []string { return contract.Of(name).Required() }

// colKind is what the data contract holds in a column, where a Parquet
// type needs it to be written out: a DATE is a month in a month column.
type colKind int

const (
	otherCol colKind = iota
	moneyCol
	monthCol
	dayCol
	timeCol
)

// Extracts returns the data contract's extracts, by name.
func Extracts() []string {
	out := []string{ControlsFile}
	for _, f := range contract.Files {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// knownColumns returns the columns of an extract that the loader reads.
func knownColumns(extract string) []string {
	if extract == ControlsFile {
		return controlColumns
	}
	if !slices.Contains(Extracts(), extract) {
		return nil
	}
	return contract.Of(extract).Names()
}

// requiredColumns returns the columns an extract must have.
func requiredColumns(extract string) []string {
	if extract == ControlsFile {
		return []string{"metric", "period", "value"}
	}
	return required(extract)
}

// MissingColumns returns the columns that an extract given with the
// header names lacks, as its loader would report them: the required
// columns, and for subscriptions.csv "mrr or arr" when it has neither.
func MissingColumns(extract string, names []string) []string {
	cols := newColumns(names)
	var out []string
	for _, r := range requiredColumns(extract) {
		if cols.pos(r) < 0 {
			out = append(out, r)
		}
	}
	if extract == SubscriptionsFile && cols.pos("mrr") < 0 && cols.pos("arr") < 0 {
		out = append(out, "mrr or arr")
	}
	return out
}

// columnKinds gives, for each extract, the kind of the columns that a
// Parquet type must be written out for; the others are written as they
// are.
var columnKinds = map[string]map[string]colKind{
	AccountsFile:       {"customer_since": dayCol},
	ARRMonthlyFile:     {"month": monthCol, "arr": moneyCol},
	SubscriptionsFile:  {"start_date": dayCol, "end_date": dayCol, "mrr": moneyCol, "arr": moneyCol},
	FXRatesFile:        {"month": monthCol},
	CostsFile:          {"month": monthCol, "amount": moneyCol},
	RevenueMonthlyFile: {"month": monthCol, "revenue": moneyCol},
	InitiativesFile:    {"launched": dayCol, "loaded_hourly_cost": moneyCol, "one_time_cost": moneyCol, "monthly_cost": moneyCol},
	AssessmentsFile:    {"date": dayCol},
	UsageFile:          {"week": dayCol},
	TicketsFile:        {"opened_at": timeCol, "first_response_at": timeCol, "resolved_at": timeCol},
	ContactsFile:       {"left_on": dayCol},
	RenewalsFile:       {"renewal_date": dayCol, "arr_up": moneyCol},
	NPSFile:            {"date": dayCol},
	PipelineFile:       {"expected_close_month": monthCol, "arr": moneyCol},
}
