package metrics

import (
	"cmp"
	"slices"
	"sort"

	"github.com/boardpack/boardpack/internal/period"
)

// accountRows are one account's rows of each extract, in the extracts'
// order.
type accountRows struct {
	usage    []Usage
	tickets  []Ticket
	contacts []Contact
	renewals []Renewal
	nps      []NPSResponse
}

// signalSet is one account's figures at a date d, every signal a rule can
// test and what champion coverage needs.
type signalSet struct {
	// util and trend are of the last complete week at or before d.
	util, trend Ratio
	usageRow    bool // the account has a row that week

	tickets    bool // the ticket extract is present
	openP0     int  // P0 tickets open at the end of d
	tickets90d int  // tickets opened in the 90 days to d
	contacts   bool // the account has contacts
	buyers     int  // contacts of each role active at d
	champions  int
	powerUsers int
	champsLost int      // champions who left in the 90 days to d
	nps        bool     // the NPS extract is present
	responses  npsTally // in the 90 days to d
}

// Signal indices, in the order of signalNames.
const (
	sigUsageTrend = iota
	sigSeatUtilisation
	sigOpenP0
	sigTickets90d
	sigActiveChampions
	sigChampionsLost90d
	sigDetractors90d
	sigNPS90d
	numSignals
)

var signalNames = [numSignals]string{
	SignalUsageTrend, SignalSeatUtilisation, SignalOpenP0, SignalTickets90d,
	SignalActiveChampions, SignalChampionsLost90d, SignalDetractors90d, SignalNPS90d,
}

// value returns signal sig, and false when the account has not the data it
// needs: no usage row for the week (or not the eight weeks a trend needs),
// no contacts, or no NPS response in the window. Counts of tickets and of
// detractors are known whenever their extract is present: no row is a
// count of zero.
func (s *signalSet) value(sig int) (float64, bool) {
	switch sig {
	case sigUsageTrend:
		return s.trend.Value, s.trend.OK
	case sigSeatUtilisation:
		return s.util.Value, s.util.OK
	case sigOpenP0:
		return float64(s.openP0), s.tickets
	case sigTickets90d:
		return float64(s.tickets90d), s.tickets
	case sigActiveChampions:
		return float64(s.champions), s.contacts
	case sigChampionsLost90d:
		return float64(s.champsLost), s.contacts
	case sigDetractors90d:
		return float64(s.responses.detractors), s.nps
	case sigNPS90d:
		n := s.npsScore()
		return n.Value, n.OK
	}
	return 0, false
}

// npsScore is the account's NPS over the 90 days to d.
func (s *signalSet) npsScore() Number { return s.responses.score() }

// npsTally counts NPS responses.
type npsTally struct {
	promoters, detractors, n int
}

// add counts a response: 9 and 10 promote, 0 to 6 detract.
func (t *npsTally) add(score int8) {
	t.n++
	switch {
	case score >= 9:
		t.promoters++
	case score <= 6:
		t.detractors++
	}
}

func (t *npsTally) merge(o npsTally) {
	t.promoters += o.promoters
	t.detractors += o.detractors
	t.n += o.n
}

// score returns % promoters - % detractors, undefined without responses.
func (t npsTally) score() Number {
	if t.n == 0 {
		return Number{}
	}
	return Number{Value: 100 * float64(t.promoters-t.detractors) / float64(t.n), OK: true}
}

// covered reports whether the contacts active at d meet c.
func (s *signalSet) covered(c Coverage) bool {
	return s.buyers >= c.Buyers && s.champions >= c.Champions && s.powerUsers >= c.PowerUsers
}

// window is the days a trailing window of 90 days to d holds: d-89 to d.
const window = 90

// signalsAt sets s to the account's figures at the end of day d. Nothing
// after the as-of date is read: d is never later than it.
func (c *calc) signalsAt(r *accountRows, d period.Day, s *signalSet) {
	*s = signalSet{tickets: c.tickets != nil, nps: c.nps != nil}
	if len(r.usage) > 0 {
		s.util, s.trend, s.usageRow = usageAt(r.usage, period.LastCompleteWeek(d))
	}
	if len(r.tickets) > 0 {
		end := (d + 1).Unix()
		hi := sort.Search(len(r.tickets), func(j int) bool { return r.tickets[j].Opened >= end })
		from := (d - window + 1).Unix()
		lo := sort.Search(hi, func(j int) bool { return r.tickets[j].Opened >= from })
		s.tickets90d = hi - lo
		for _, t := range r.tickets[:hi] {
			if t.Priority == P0 && t.Resolved > end {
				s.openP0++
			}
		}
	}
	if len(r.contacts) > 0 {
		s.contacts = true
		for _, ct := range r.contacts {
			if ct.LeftOn != period.NoDay && ct.LeftOn > d-window && ct.LeftOn <= d && ct.Role == RoleChampion {
				s.champsLost++
			}
			if !activeAt(ct, d) {
				continue
			}
			switch ct.Role {
			case RoleBuyer:
				s.buyers++
			case RoleChampion:
				s.champions++
			case RolePowerUser:
				s.powerUsers++
			}
		}
	}
	if len(r.nps) > 0 {
		lo := sort.Search(len(r.nps), func(j int) bool { return r.nps[j].Date > d-window })
		for _, n := range r.nps[lo:] {
			if n.Date > d {
				break
			}
			s.responses.add(n.Score)
		}
	}
}

// activeAt reports whether a contact was at the account on day d: before
// its left_on when it has one, whatever the active column says (which is
// as of the extract, perhaps later than d), and as the active column says
// when it has none.
func activeAt(c Contact, d period.Day) bool {
	if c.LeftOn != period.NoDay {
		return d < c.LeftOn
	}
	return c.Active
}

// usageAt returns the seat utilisation and usage trend of week w from an
// account's rows, one per week in week order, and whether it has a row
// for w. The trend needs rows for all of w-7 to w: a week without a row
// is missing data, not a week without users.
func usageAt(rows []Usage, w period.Week) (util, trend Ratio, found bool) {
	// Usage is mostly a row every week: look where w would be with no
	// gaps before searching.
	if w < rows[0].Week || w > rows[len(rows)-1].Week {
		return Ratio{}, Ratio{}, false
	}
	j := int(w - rows[0].Week)
	if j >= len(rows) || rows[j].Week != w {
		var found bool
		j, found = slices.BinarySearchFunc(rows, w, func(u Usage, w period.Week) int { return cmp.Compare(u.Week, w) })
		if !found {
			return Ratio{}, Ratio{}, false
		}
	}
	if u := rows[j]; u.Seats > 0 {
		util = Ratio{Value: float64(u.ActiveUsers) / float64(u.Seats), OK: true}
	}
	if j >= 7 && rows[j-7].Week == w-7 {
		var last, prev int64
		for _, u := range rows[j-3 : j+1] {
			last += int64(u.ActiveUsers)
		}
		for _, u := range rows[j-7 : j-3] {
			prev += int64(u.ActiveUsers)
		}
		// The averages share their count of four weeks, so their ratio
		// is the ratio of the sums.
		if prev > 0 {
			trend = Ratio{Value: float64(last)/float64(prev) - 1, OK: true}
		}
	}
	return util, trend, true
}

// Rule comparison operators.
const (
	opNone int8 = iota
	opLess
	opLessEq
	opGreater
	opGreaterEq
	opEqual
)

var ops = map[string]int8{"<": opLess, "<=": opLessEq, ">": opGreater, ">=": opGreaterEq, "==": opEqual}

// rule is a RiskRule ready to test.
type rule struct {
	name string
	sig  int // a signal index, or -1 for a signal no extract gives
	op   int8
	val  float64
}

func compileRules(rules []RiskRule) []rule {
	out := make([]rule, len(rules))
	for i, r := range rules {
		out[i] = rule{name: r.Name, sig: -1, op: ops[r.Op], val: r.Value}
		for k, name := range signalNames {
			if name == r.Signal {
				out[i].sig = k
			}
		}
	}
	return out
}

// test returns the signal the rule tests and whether it flags the account.
func (r *rule) test(s *signalSet) (float64, bool) {
	if r.sig < 0 {
		return 0, false
	}
	v, ok := s.value(r.sig)
	if !ok {
		return v, false
	}
	switch r.op {
	case opLess:
		return v, v < r.val
	case opLessEq:
		return v, v <= r.val
	case opGreater:
		return v, v > r.val
	case opGreaterEq:
		return v, v >= r.val
	case opEqual:
		return v, v == r.val
	}
	return v, false
}

// ForecastAtRiskFlag is the flag of an account whose next open renewal is
// forecast at risk. It is not a rule: no history says how forecasts moved.
const ForecastAtRiskFlag = "forecast_at_risk"
