package demo

import (
	"cmp"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// The leading-indicator extracts usage_weekly.csv, tickets.csv and
// contacts.csv cover the signalWeeks ISO weeks that end with the last
// complete week of the window; nps.csv holds the quarterly survey over the
// whole window, renewals.csv every renewal and pipeline.csv the months
// after it. They are drawn so that the company's own history shows which
// signals come before churn, as leaders need to see before they trust a
// watch list: most accounts that churned first used the product less and
// opened more tickets, some had lost their champion, an open P0 comes
// only a little more often before churn and an NPS detractor says next to
// nothing. Accounts that will churn at their next renewal after the
// window show the same early warning in its last weeks. Healthy accounts
// trip the rules too, about one in ten at a time, as real ones do.
//
// An account is a customer on a day when its month has ARR and the day is
// on or after customer_since, so usage and tickets stop at the start of the
// month in which a churned contract ends.

// signalWeeks is how many weeks the leading-indicator extracts cover.
const signalWeeks = 52

// How the contract ends that the signals lead up to look.
const (
	declineShare  = 0.85 // churned accounts whose usage falls before they leave
	earlyShare    = 0.50 // of those, the ones whose usage starts falling months ahead
	windDownWeeks = 8    // the last weeks before the end, when usage falls again
	troubleWeeks  = 26   // the months before the end in which more tickets are severe
	spikeShare    = 0.80 // churned accounts that open more tickets before they leave
	championShare = 0.04 // churned accounts whose champions left one to nine months before
)

// ending is a contract end that an account's signals lead up to: a churn
// inside the signal window, or the churn at its first renewal after it.
type ending struct {
	at time.Time // first day of the first month without ARR

	// Usage falls from onset weeks before at by fall a week down to
	// floor, then by windDown a week over the last windDownWeeks. onset
	// is 0 when usage does not fall, and windDownWeeks when only the
	// last weeks fall.
	onset, fall, floor, windDown float64
	// Tickets come spikeRate times as often over the spikeWeeks before
	// at; spikeWeeks is 0 without a spike.
	spikeWeeks, spikeRate float64
	// championLeft is when every champion left, or the zero time.
	championLeft time.Time
}

// usage returns the factor of normal usage tau weeks before the end.
func (e *ending) usage(tau float64) float64 {
	if tau <= 0 || e.onset == 0 || tau >= e.onset {
		return 1
	}
	level := 1.0
	if e.onset > windDownWeeks {
		level = max(e.floor, math.Exp(-e.fall*(e.onset-max(tau, windDownWeeks))))
	}
	if tau < windDownWeeks {
		level *= math.Exp(-e.windDown * (windDownWeeks - tau))
	}
	return level
}

// tickets returns the factor of the normal ticket rate tau weeks before
// the end, and whether the account is in trouble then: more of its
// tickets are severe.
func (e *ending) tickets(tau float64) (float64, bool) {
	if tau <= 0 || tau > troubleWeeks {
		return 1, false
	}
	if tau <= e.spikeWeeks {
		return e.spikeRate, true
	}
	return 1, true
}

// outlook is an account's side of the signals: how it uses the product,
// how often it needs support and which contract ends its signals lead up
// to.
type outlook struct {
	ends []ending

	seatPrice     float64 // dollars a licensed seat costs a year
	utilisation   float64 // share of seats active in a normal week
	eventsPerUser float64 // key events per active user a week
	propensity    float64 // tickets against the segment's rate
	mood          float64 // standard score of how its people feel about the product
	noChampion    bool    // nobody at the account champions the product
	overage       int     // the one week when more users than seats were active, or -1

	// next is the month index of the first renewal after the window, or
	// -1 when the account is not a customer at its end; nextChurn says
	// the account will not renew then.
	next      int
	nextChurn bool
}

// Per-segment figures of the signals, in the order of profiles.
var (
	seatPrices    = [...]float64{800, 600, 300}    // dollars a seat a year
	utilisations  = [...]float64{0.62, 0.68, 0.72} // mean share of seats active a week
	eventsPerUser = [...]float64{18, 14, 10}
	noChampion    = [...]float64{0.007, 0.019, 0.032} // accounts without any champion
)

// planSignals draws the outlooks and the leading-indicator extracts other
// than usage, which WriteUsage draws account by account instead of
// holding millions of rows. It must run last in Generate.
func (c *Company) planSignals(src *source) {
	c.cutoff = c.MonthStart(len(c.Months))
	lastDay := c.cutoff.AddDate(0, 0, -1)
	sunday := lastDay.AddDate(0, 0, -int(lastDay.Weekday()))
	c.Weeks = make([]time.Time, signalWeeks)
	for w := range c.Weeks {
		c.Weeks[w] = sunday.AddDate(0, 0, 1-7*(signalWeeks-w))
	}

	c.cal = c.calendarOf()
	c.outlooks = make([]outlook, len(c.Accounts))
	for i := range c.Accounts {
		c.outlooks[i] = c.outlookOf(&c.Accounts[i], src.stream(streamOutlook, uint64(i)))
	}
	c.Tickets = make([]Ticket, 0, 11*len(c.Accounts))
	for i := range c.Accounts {
		c.Tickets = c.ticketsOf(c.Tickets, i, src.stream(streamTicket, uint64(i)))
	}
	// Help desks number tickets as they are opened.
	slices.SortFunc(c.Tickets, compareTickets)
	for i := range c.Accounts {
		c.Contacts = c.contactsOf(c.Contacts, i, src.stream(streamContact, uint64(i)))
	}
	c.NPS = c.npsOf(src)
	for i := range c.Accounts {
		c.Renewals = c.renewalsOf(c.Renewals, i, src.stream(streamRenewal, uint64(i)))
	}
	c.Pipeline = c.pipelineOf(src.stream(streamPipeline, 0))
}

// compareTickets orders tickets by opening time and then by every other
// field, so that the order is the same on every run: tickets that tie on
// every field cannot be told apart.
func compareTickets(a, b Ticket) int {
	switch {
	case a.Opened != b.Opened:
		return cmp.Compare(a.Opened, b.Opened)
	case a.Account != b.Account:
		return cmp.Compare(a.Account, b.Account)
	case a.FirstResponse != b.FirstResponse:
		return cmp.Compare(a.FirstResponse, b.FirstResponse)
	case a.Resolved != b.Resolved:
		return cmp.Compare(a.Resolved, b.Resolved)
	}
	return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Category, b.Category), cmp.Compare(a.CSAT, b.CSAT))
}

// calendar holds what the weeks and days of every account share, worked
// out once for the company.
type calendar struct {
	// Weeks run from transition weeks before the first signal week to
	// transition weeks after the last; week w of Weeks is transition+w.
	monday []time.Time
	month  []int     // index into Months of the month of each week's Thursday
	season []float64 // usage against a normal week, outside Europe
	europe []float64 // the same in EMEA, where August is quiet too

	// The days of the signal window and the days after it to the end of
	// the window, when tickets are opened.
	days []calendarDay
}

type calendarDay struct {
	start   time.Time
	month   int // index into Months
	weekend bool
}

func (c *Company) calendarOf() calendar {
	n := signalWeeks + 2*transition
	cal := calendar{monday: make([]time.Time, n), month: make([]int, n), season: make([]float64, n), europe: make([]float64, n)}
	for k := range n {
		m := c.signalStart().AddDate(0, 0, 7*(k-transition))
		thu := m.AddDate(0, 0, 3)
		cal.monday[k], cal.month[k] = m, c.monthOf(thu)
		cal.season[k] = holidays(m)
		cal.europe[k] = cal.season[k]
		if thu.Month() == time.August {
			cal.europe[k] *= 0.85
		}
	}
	for d := c.signalStart(); d.Before(c.cutoff); d = d.AddDate(0, 0, 1) {
		wd := d.Weekday()
		cal.days = append(cal.days, calendarDay{start: d, month: c.monthOf(d), weekend: wd == time.Saturday || wd == time.Sunday})
	}
	return cal
}

// holidays returns the factor of usage in the week starting on monday:
// people are away over the year-end holidays.
func holidays(monday time.Time) float64 {
	sunday := monday.AddDate(0, 0, 6)
	switch {
	case sunday.Month() == time.December && sunday.Day() >= 25 && monday.Day() <= 25,
		monday.Month() == time.December && monday.Day() >= 26,
		sunday.Month() == time.January && sunday.Day() <= 7:
		return 0.72
	case sunday.Month() == time.December && sunday.Day() >= 18:
		return 0.9
	}
	return 1
}

// monthOf returns the index into Months of the month t falls in; it lies
// outside Months for days outside the window.
func (c *Company) monthOf(t time.Time) int {
	return 12*(t.Year()-c.first.Year()) + int(t.Month()) - int(c.first.Month())
}

// arrIn returns the account's ARR in month m, 0 outside the window.
func arrIn(a *Account, m int) int64 {
	if m < 0 || m >= len(a.ARR) {
		return 0
	}
	return a.ARR[m]
}

// customerOn reports whether a is a customer on the day that starts at t.
func (c *Company) customerOn(a *Account, t time.Time) bool {
	return arrIn(a, c.monthOf(t)) > 0 && !t.Before(a.Since)
}

// signalStart returns the first instant the extracts cover.
func (c *Company) signalStart() time.Time { return c.Weeks[0] }

func (c *Company) outlookOf(a *Account, r *rand.Rand) outlook {
	s := segmentIndex(a.Segment)
	o := outlook{
		seatPrice:     seatPrices[s] * math.Exp(0.25*r.NormFloat64()),
		utilisation:   min(max(utilisations[s]+0.12*r.NormFloat64(), 0.25), 0.95),
		eventsPerUser: eventsPerUser[s] * math.Exp(0.4*r.NormFloat64()),
		propensity:    math.Exp(0.5*r.NormFloat64() - 0.125),
		mood:          r.NormFloat64(),
		noChampion:    r.Float64() < noChampion[s],
		overage:       -1,
		next:          -1,
	}
	// A few accounts ran a training week with more people than seats,
	// which the loader warns about.
	if r.Float64() < 0.002 {
		o.overage = r.IntN(signalWeeks)
	}
	last := len(c.Months) - 1
	if cur := a.ARR[last]; cur > 0 {
		o.next = a.ContractStart + 12*((last-a.ContractStart)/12+1)
		o.nextChurn = r.Float64() < profiles[s].churnChance(cur)
	}
	for _, e := range a.Events {
		if e.Kind == Churn && c.MonthStart(e.Month).After(c.signalStart()) {
			o.ends = append(o.ends, c.endingAt(e.Month, r))
		}
	}
	if o.nextChurn {
		o.ends = append(o.ends, c.endingAt(o.next, r))
	}
	return o
}

// endingAt draws how the signals lead up to a contract that ends when
// month m starts.
func (c *Company) endingAt(m int, r *rand.Rand) ending {
	e := ending{at: c.MonthStart(m)}
	if r.Float64() < declineShare {
		e.onset = windDownWeeks
		e.windDown = 0.14 + 0.12*r.Float64()
		if r.Float64() < earlyShare {
			e.onset = 10 + 22*r.Float64()
			e.fall = 0.10 + 0.06*r.Float64()
			e.floor = 0.25 + 0.20*r.Float64()
		}
	}
	if r.Float64() < spikeShare {
		e.spikeWeeks = 8 + 12*r.Float64()
		e.spikeRate = 3 + 2*r.Float64()
	}
	if r.Float64() < championShare {
		e.championLeft = e.at.AddDate(0, 0, -30-r.IntN(240))
	}
	return e
}

// weeksBefore returns how many weeks t lies before the end; negative
// after it.
func (e *ending) weeksBefore(t time.Time) float64 {
	return e.at.Sub(t).Hours() / (7 * 24)
}

// poisson draws a Poisson count of mean lambda, which is small here.
func poisson(r *rand.Rand, lambda float64) int {
	limit, p, n := math.Exp(-lambda), r.Float64(), 0
	for p > limit {
		p *= r.Float64()
		n++
	}
	return n
}

// lines writes CSV rows whose fields never need quoting (IDs, numbers,
// dates and fixed words), faster than csv.Writer for the large extracts.
// Each row is appended to buf and ended with end.
type lines struct {
	w   io.Writer
	buf []byte
	err error
}

// newLines starts the file of the contract called name with its header of
// every column.
func newLines(w io.Writer, name string) *lines {
	l := &lines{w: w, buf: make([]byte, 0, 64<<10)}
	l.buf = append(l.buf, strings.Join(contract.Of(name).Names(), ",")...)
	l.end()
	return l
}

// field appends a field and its separator.
func (l *lines) field(s string) { l.buf = append(append(l.buf, s...), ',') }

// integer appends an integer field and its separator.
func (l *lines) integer(v int64) { l.buf = append(strconv.AppendInt(l.buf, v, 10), ',') }

// end closes the row, replacing the last separator if there is one.
func (l *lines) end() {
	if n := len(l.buf); n > 0 && l.buf[n-1] == ',' {
		l.buf = l.buf[:n-1]
	}
	l.buf = append(l.buf, '\n')
	if len(l.buf) >= 60<<10 {
		l.flush()
	}
}

func (l *lines) flush() {
	if l.err == nil {
		_, l.err = l.w.Write(l.buf)
	}
	l.buf = l.buf[:0]
}

// close writes what is buffered and returns the first error.
func (l *lines) close() error {
	l.flush()
	return l.err
}
