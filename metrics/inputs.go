package metrics

import (
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
