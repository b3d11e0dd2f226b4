package metrics

import (
	"math"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// Cost categories of cs_costs.csv.
var CostCategories = []string{"csm", "support", "onboarding", "cs_ops", "customer_marketing", "tooling", "other"}

// Cost is a row of cs_costs.csv: what one category of the CS organisation
// cost in one month.
type Cost struct {
	Month    period.Month
	Category string // one of CostCategories
	Amount   money.Amount
	// Headcount is the category's people that month, in hundredths (250
	// is 2.5 people), or -1 when the extract has none.
	Headcount int64
}

// Revenue is a row of revenue_monthly.csv: the company's total revenue of
// a month, recurring or not.
type Revenue struct {
	Month  period.Month
	Amount money.Amount
}

// Initiative is a row of initiatives.csv: a CS Ops initiative that saves
// CSM hours.
type Initiative struct {
	Name     string
	Owner    string
	Launched period.Month // the month of the launch date
	// LaunchedOn is the launch date: an initiative launched after the
	// as-of date was not known then.
	LaunchedOn period.Day
	// CSMsAffected times HoursPerCSM is the hours saved a month.
	CSMsAffected int64
	// HoursPerCSM is hours saved per CSM per month, in hundredths.
	HoursPerCSM int64
	HourlyCost  money.Amount // loaded hourly cost of a CSM
	OneTimeCost money.Amount
	MonthlyCost money.Amount
}

// Maturity rating scales.
const (
	ScaleQuality = "quality" // poor = 1, average = 2, excellent = 3
	ScaleLevel   = "level"   // levels or stages 1 to 3
)

// Framework is a maturity rubric: its questions and what each rating means.
// The texts ship as editable data (rubrics/*.toml).
type Framework struct {
	ID        string // cs-value, cs-ops-stage, low-touch-level, role-rubric
	Title     string
	Intro     string // why the rubric matters, shown above its scorecard
	Scale     string // ScaleQuality or ScaleLevel
	Questions []Question
}

// Question is a question of a rubric.
type Question struct {
	ID   string
	Text string
	// Levels says what ratings 1, 2 and 3 mean.
	Levels [3]string
}

// Rating is a row of assessments.csv: one question rated on one date.
type Rating struct {
	Date      time.Time // an assessment is every rating of a framework on one date
	Framework string
	Question  string // the question's ID
	Value     int    // 1 to 3
	Evidence  string
	Owner     string
}

// The leading-indicator extracts. Account is the account's index in
// History.Accounts; each slice is nil when its file is absent.

// NotYet is the time of a first response or resolution that has not
// happened: later than any time, so "resolved by t" is Resolved <= t.
const NotYet int64 = math.MaxInt64

// Usage is a row of usage_weekly.csv: one account's use of one week, the
// sum of the file's rows for that account and week.
type Usage struct {
	Account     int32
	Week        period.Week
	ActiveUsers int32
	Seats       int32 // licensed seats
	KeyEvents   int64 // -1 when the extract has none
}

// Ticket priorities: P0 is urgent, P3 low. urgent/high/medium/low map to
// P0-P3.
const (
	P0 int8 = iota
	P1
	P2
	P3
	P4
)

// Ticket is a row of tickets.csv. Times are Unix seconds. A first response
// the extract gives before the opening counts as at the opening.
type Ticket struct {
	Account       int32
	Opened        int64
	FirstResponse int64 // NotYet when there has been none
	Resolved      int64 // NotYet while the ticket is open
	Priority      int8  // P0 to P4
	Category      string
	CSAT          int8 // 1 to 5, or -1 when none
}

// Contact roles of contacts.csv.
const (
	RoleBuyer     = "buyer"
	RoleChampion  = "champion"
	RolePowerUser = "power_user"
	RoleOther     = "other"
)

// Contact is a row of contacts.csv: a person at a customer account.
type Contact struct {
	Account int32
	ID      string
	Role    string // one of the Role constants
	Depth   int8   // 1 to 5
	Active  bool
	LeftOn  period.Day // period.NoDay when not given
}

// Renewal forecasts and outcomes of renewals.csv.
const (
	ForecastCommit = "commit"
	ForecastLikely = "likely"
	ForecastAtRisk = "at_risk"

	OutcomeRenewed = "renewed"
	OutcomeChurned = "churned"
	OutcomeOpen    = "open"
)

// Renewal is a row of renewals.csv: a contract coming up for renewal.
type Renewal struct {
	Account  int32
	Date     period.Day
	ARR      money.Amount // arr_up: the ARR that renews or is lost
	Forecast string       // one of the Forecast constants
	Outcome  string       // one of the Outcome constants
}

// NPSResponse is a row of nps.csv.
type NPSResponse struct {
	Account int32
	Date    period.Day
	Score   int8 // 0 to 10
}

// Inflow is a row of pipeline.csv: new customers a segment expects to win
// in a month.
type Inflow struct {
	Month       period.Month // expected_close_month
	Segment     string
	NewAccounts int64
	ARR         money.Amount
}

// Signals are the leading-indicator extracts of one data folder. A nil
// slice is a file the folder does not have.
type Signals struct {
	Usage    []Usage       // by account, then week
	Tickets  []Ticket      // by account, then opened
	Contacts []Contact     // by account, then file order
	Renewals []Renewal     // by account, then date
	NPS      []NPSResponse // by account, then date
	Pipeline []Inflow      // by month, then segment
}
