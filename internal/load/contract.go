package load

import "github.com/boardpack/boardpack/internal/contract"

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
