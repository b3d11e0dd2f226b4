package metrics

import (
	"encoding/json"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// IndicatorConfig is the [indicators] section of the configuration: the
// at-risk rules, the contacts each segment needs and the CS capacity.
type IndicatorConfig struct {
	// Risk are the at-risk rules, in the order they are shown.
	Risk []RiskRule `toml:"risk"`
	// Coverage is the contacts an account of a segment needs to count as
	// covered, by segment name; the key "default" applies to the others.
	Coverage map[string]Coverage `toml:"coverage"`
	// AccountsPerCSM is how many accounts a CSM can carry, by segment
	// name; the key "default" applies to the others.
	AccountsPerCSM map[string]int `toml:"accounts_per_csm"`
	// WatchDays is how far ahead the watch list looks for renewals.
	WatchDays int `toml:"watch_days"`
}

// Coverage is the least number of active contacts of each role an account
// needs.
type Coverage struct {
	Buyers     int `toml:"buyers"`
	Champions  int `toml:"champions"`
	PowerUsers int `toml:"power_users"`
}

// RiskRule flags an account whose signal compares with Value as Op says,
// such as usage_trend <= -0.30.
type RiskRule struct {
	Name   string  `toml:"name" json:"rule"`     // stable, as in metrics.json: "usage_drop"
	Label  string  `toml:"label" json:"label"`   // as readers see it: "Usage down 30% or more"
	Signal string  `toml:"signal" json:"signal"` // one of Signals
	Op     string  `toml:"op" json:"op"`         // <, <=, >, >=, ==
	Value  float64 `toml:"value" json:"value"`
}

// Signal names an at-risk rule can test, each an account's figure at a
// date. An account without the data a signal needs is never flagged by it.
const (
	SignalUsageTrend       = "usage_trend"        // change of the 4-week average of active users against the 4 weeks before
	SignalSeatUtilisation  = "seat_utilisation"   // active users / licensed seats, last week
	SignalOpenP0           = "open_p0"            // P0/urgent tickets open
	SignalTickets90d       = "tickets_90d"        // tickets opened in the last 90 days
	SignalActiveChampions  = "active_champions"   // champions still at the account
	SignalChampionsLost90d = "champions_lost_90d" // champions who left in the last 90 days
	SignalDetractors90d    = "detractors_90d"     // NPS responses of 0-6 in the last 90 days
	SignalNPS90d           = "nps_90d"            // the account's NPS over the last 90 days
)

// DefaultIndicatorConfig returns the defaults of metrics.md.
func DefaultIndicatorConfig() IndicatorConfig {
	return IndicatorConfig{
		Risk: []RiskRule{
			{Name: "usage_drop", Label: "Usage down 30% or more", Signal: SignalUsageTrend, Op: "<=", Value: -0.30},
			{Name: "open_p0", Label: "Open P0 ticket", Signal: SignalOpenP0, Op: ">=", Value: 1},
			{Name: "no_champion", Label: "No active champion", Signal: SignalActiveChampions, Op: "<", Value: 1},
			{Name: "detractor", Label: "NPS detractor in 90 days", Signal: SignalDetractors90d, Op: ">=", Value: 1},
		},
		Coverage:       map[string]Coverage{"default": {Buyers: 1, Champions: 1}},
		AccountsPerCSM: map[string]int{"default": 50},
		WatchDays:      120,
	}
}

// Number is a figure that may be undefined, as a median of no tickets is;
// like Ratio it is written to JSON as null then. Unlike Ratio it is not a
// fraction: hours, a count per 100 accounts, an NPS score.
type Number Ratio

// MarshalJSON writes the number, or null when it is undefined.
func (n Number) MarshalJSON() ([]byte, error) { return Ratio(n).MarshalJSON() }

// UnmarshalJSON reads a number, or null as undefined.
func (n *Number) UnmarshalJSON(b []byte) error { return (*Ratio)(n).UnmarshalJSON(b) }

// IndicatorReport is the leading-indicator section, as of a week. A part
// whose extract is absent is nil.
type IndicatorReport struct {
	AsOfWeek period.Week `json:"as_of_week"` // the last complete ISO week at or before AsOf
	AsOf     period.Day  `json:"as_of_date"`
	Rules    []RiskRule  `json:"rules"`

	Usage         *UsageReport        `json:"usage"`
	Support       *SupportReport      `json:"support"`
	Relationships *RelationshipReport `json:"relationships"`
	NPS           *NPSReport          `json:"nps"`
	Renewals      *RenewalReport      `json:"renewals"`
	Pipeline      *PipelineReport     `json:"pipeline"`

	WatchList []WatchItem `json:"watch_list"` // by ARR, largest first
	Lift      []Lift      `json:"lift"`       // one per rule whose extract is present, in rule order
	Weekly    Weekly      `json:"weekly"`

	// Accounts holds every account's signals as of AsOf, in History order.
	Accounts []AccountSignals `json:"-"`
	// ByCSM holds each CSM book's headline figures, keyed by CSM name.
	ByCSM map[string]BookIndicators `json:"-"`
}

// UsageFigures are the usage indicators of the headline week.
type UsageFigures struct {
	SeatUtilisation Ratio `json:"seat_utilisation"` // ARR-weighted across accounts
	Trend           Ratio `json:"trend"`            // ARR-weighted across accounts
	Accounts        int   `json:"accounts"`         // accounts with usage that week
}

// UsageReport is the usage part: the whole company and each segment.
type UsageReport struct {
	UsageFigures
	BySegment map[string]UsageFigures `json:"by_segment"`
}

// SupportFigures are the support indicators of one week: tickets opened
// that week, and P0s open at its end.
type SupportFigures struct {
	Tickets                  int    `json:"tickets"`
	TicketsPer100Accounts    Number `json:"tickets_per_100_accounts"`
	MedianFirstResponseHours Number `json:"median_first_response_hours"`
	P90FirstResponseHours    Number `json:"p90_first_response_hours"`
	MedianResolutionHours    Number `json:"median_resolution_hours"`
	NoFirstResponse          int    `json:"no_first_response"` // left out of the first-response figures
	OpenP0                   int    `json:"open_p0"`
}

// SupportReport is the support part.
type SupportReport struct {
	SupportFigures
	BySegment map[string]SupportFigures `json:"by_segment"`
}

// RelationshipFigures are the relationship indicators at the as-of date.
type RelationshipFigures struct {
	ChampionCoverage Ratio `json:"champion_coverage"` // share of active accounts meeting their segment's Coverage
	ChampionsLost90d int   `json:"champions_lost_90d"`
	Accounts         int   `json:"accounts"`
}

// RelationshipReport is the relationship part.
type RelationshipReport struct {
	RelationshipFigures
	BySegment map[string]RelationshipFigures `json:"by_segment"`
}

// NPSReport is NPS over the 90 days ending at the as-of date.
type NPSReport struct {
	Score      Number `json:"score"` // % promoters - % detractors, -100 to 100
	Responses  int    `json:"responses"`
	Promoters  int    `json:"promoters"`
	Passives   int    `json:"passives"`
	Detractors int    `json:"detractors"`
}

// RenewalReport is the renewal book after the as-of date.
type RenewalReport struct {
	ARR30d         money.Amount `json:"arr_30d"`
	ARR60d         money.Amount `json:"arr_60d"`
	ARR90d         money.Amount `json:"arr_90d"`
	AtRiskARR90d   money.Amount `json:"at_risk_arr_90d"`
	AtRiskShare90d Ratio        `json:"at_risk_share_90d"`
	// Renewal rates of the renewals closed in the 12 months to the as-of
	// date: renewed arr_up / (renewed + churned arr_up).
	FirstYearRenewalRate Ratio `json:"first_year_renewal_rate"`
	TenuredRenewalRate   Ratio `json:"tenured_renewal_rate"`
}

// PipelineReport is the expected inflow of new customers against CS
// capacity, per segment.
type PipelineReport struct {
	From      period.Month    `json:"from"` // the months after the as-of month that the inflow covers
	To        period.Month    `json:"to"`
	BySegment []SegmentInflow `json:"by_segment"` // by segment name
}

// SegmentInflow is one segment's expected inflow and capacity.
type SegmentInflow struct {
	Segment     string       `json:"segment"`
	NewAccounts int64        `json:"new_accounts"`
	ARR         money.Amount `json:"arr"`
	Accounts    int          `json:"accounts"` // active now
	CSMs        int          `json:"csms"`     // named CSMs with active accounts in the segment
	Capacity    int          `json:"capacity"` // CSMs x accounts per CSM
	// Load is (Accounts + NewAccounts) / Capacity: above 1 the segment
	// needs CSMs or a lighter-touch model.
	Load Ratio `json:"load"`
}

// Flag is an at-risk rule that an account meets, with the figure that met
// it, which the report words as the reason ("usage trend -42%"). JSON holds
// the rule's name.
type Flag struct {
	Rule  string  // RiskRule.Name
	Value float64 // the rule's signal for the account
}

// MarshalJSON writes the rule's name.
func (f Flag) MarshalJSON() ([]byte, error) { return json.Marshal(f.Rule) }

// WatchItem is an at-risk account renewing within the watch window.
type WatchItem struct {
	Account     int32        `json:"-"` // index in History.Accounts
	AccountID   string       `json:"account_id"`
	ARR         money.Amount `json:"arr"` // arr_up of the renewal
	RenewalDate period.Day   `json:"renewal_date"`
	Forecast    string       `json:"forecast"`
	Flags       []Flag       `json:"flags"`
}

// Lift is how well a rule preceded churn in the data's own history.
type Lift struct {
	Rule string `json:"rule"`
	// Lift is FlaggedChurn / BaseChurn: 3 means flagged accounts churned
	// at three times the base rate.
	Lift        Number `json:"lift"`
	Accounts    int    `json:"accounts"` // distinct accounts flagged 90 days before some month
	FlaggedRate Ratio  `json:"flagged_churn_rate"`
	BaseRate    Ratio  `json:"base_churn_rate"`
	Months      int    `json:"months"` // months of history behind the figures
	// TooFew is true under MinLiftAccounts: the figure is shown as "too
	// few accounts".
	TooFew bool `json:"too_few_accounts"`
}

// MinLiftAccounts is the fewest flagged accounts a lift is shown for.
const MinLiftAccounts = 20

// Weekly holds the 13-week series, each aligned with Weeks; a series whose
// extract is absent is nil.
type Weekly struct {
	Weeks                    []period.Week `json:"weeks"`
	SeatUtilisation          []Ratio       `json:"seat_utilisation"`
	UsageTrend               []Ratio       `json:"usage_trend"`
	Tickets                  []int         `json:"tickets"`
	TicketsPer100Accounts    []Number      `json:"tickets_per_100_accounts"`
	MedianFirstResponseHours []Number      `json:"median_first_response_hours"`
	P90FirstResponseHours    []Number      `json:"p90_first_response_hours"`
	MedianResolutionHours    []Number      `json:"median_resolution_hours"`
	OpenP0                   []int         `json:"open_p0"`
	ChampionCoverage         []Ratio       `json:"champion_coverage"`
	NPS                      []Number      `json:"nps"` // trailing 90 days at each week's end
	AtRiskAccounts           []int         `json:"at_risk_accounts"`
}

// WeeklyWeeks is how many weeks the series cover.
const WeeklyWeeks = 13

// AccountSignals are one account's signals and flags at the as-of date.
type AccountSignals struct {
	Account         int32
	SeatUtilisation Ratio
	UsageTrend      Ratio
	OpenP0          int
	Tickets90d      int
	ActiveChampions int
	Covered         bool // meets its segment's Coverage
	NPS90d          Number
	Flags           []Flag
	// NextRenewal is the account's first open renewal after the as-of
	// date, or nil.
	NextRenewal *Renewal
}

// BookIndicators are the headline figures of a CSM's book.
type BookIndicators struct {
	SeatUtilisation  Ratio
	UsageTrend       Ratio
	Tickets90d       int
	OpenP0           int
	ChampionCoverage Ratio
	NPS              Number
	NPSResponses     int // the responses NPS is over; none: NPS is undefined
	ARR90d           money.Amount
	AtRiskARR90d     money.Amount
	AtRiskAccounts   int
}
