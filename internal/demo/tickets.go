package demo

import (
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// Ticket is a row of tickets.csv. Times are Unix seconds; FirstResponse
// and Resolved are 0 while they have not happened by the end of the
// window.
type Ticket struct {
	Opened        int64
	FirstResponse int64
	Resolved      int64
	Account       int32 // index into Company.Accounts
	Priority      int8  // 0 to 4: P0, the most urgent, to P4
	Category      uint8 // index into TicketCategories
	CSAT          int8  // 1 to 5, or 0 when the customer gave none
}

// TicketCategories are the categories of tickets.csv.
var TicketCategories = [...]string{
	"how-to", "bug", "integration", "access", "billing", "performance", "feature-request", "data", "outage",
}

// The mix of categories in percent, in the order of TicketCategories: a P0
// is an outage, a bug or a performance problem.
var (
	categoryMix = []float64{28, 22, 12, 10, 8, 8, 8, 4, 0}
	p0Mix       = []float64{0, 30, 0, 0, 0, 20, 0, 0, 50}
)

// How often accounts need support. Tickets a customer-year by segment, in
// the order of profiles, for an account of the segment's median size; a
// company of N accounts opens about 10 N tickets in the signal window.
var ticketRates = [...]float64{45, 20, 8.4}

const (
	onboardingWeeks = 6     // new customers open more tickets while they set up
	onboardingRate  = 1.8   // times the usual rate
	weekendRate     = 0.2   // share of a weekday's tickets opened on a weekend day
	unanswered      = 0.004 // tickets closed without any response
	escalatedP0     = 0.17  // P0s that wait for an engineering fix for weeks
	csatShare       = 0.35  // resolved tickets the customer rated
)

// Priority mix in percent, P1 to P4, and the chance that a ticket is a
// P0 instead. Accounts in the months before they churn hit more severe
// problems, but a P0 is an incident of the platform rather than of the
// account's mood: the extra tickets of a spike are questions and bugs, so
// the P0s of an account that is going wrong come only somewhat more often
// and an open P0 stays a weak signal.
var (
	priorityMix = [...]float64{12, 41, 32, 10}
	troubleMix  = [...]float64{16, 42, 26, 8}
)

const (
	p0Share        = 0.03 // tickets that are P0s
	troubleP0Share = 0.05 // the same in the months before a churn, of the tickets a spike does not add
)

// Medians of the first response in minutes and of the resolution after
// it in hours, by priority. Most P0s are fixed within the day or two;
// escalatedP0 of them wait for an engineering fix for weeks.
var (
	responseMinutes = [...]float64{25, 90, 300, 720, 1440}
	resolveHours    = [...]float64{10, 20, 60, 110, 200}
)

// businessHours is when each region's working day starts, in hours UTC.
var businessHours = map[string]float64{"NA": 13, "EMEA": 7, "APAC": 0, "LATAM": 12}

// ticketsOf appends account i's tickets, drawn as a Poisson process
// thinned by the account's rate of each day.
func (c *Company) ticketsOf(dst []Ticket, i int, r *rand.Rand) []Ticket {
	a, o := &c.Accounts[i], &c.outlooks[i]
	if a.Prospect {
		return dst
	}
	s := segmentIndex(a.Segment)
	var peak int64
	for _, v := range a.ARR {
		peak = max(peak, v)
	}
	perDay := ticketRates[s] * o.propensity * math.Pow(float64(peak)/100/profiles[s].median, 0.3) / 365
	top := onboardingRate
	for k := range o.ends {
		top = max(top, onboardingRate*o.ends[k].spikeRate)
	}
	days, cutoff := c.cal.days, c.cutoff.Unix()
	hours := businessHours[a.Region]
	for t := r.ExpFloat64() / (perDay * top); t < float64(len(days)); t += r.ExpFloat64() / (perDay * top) {
		cd := &days[int(t)]
		day := cd.start
		if arrIn(a, cd.month) == 0 || day.Before(a.Since) {
			continue
		}
		rate, boost, trouble := 1.0, 1.0, false
		if cd.weekend {
			rate = weekendRate
		}
		if since := day.Sub(a.Since).Hours() / 24; since >= 0 && since < 7*onboardingWeeks && a.Start >= 0 {
			rate *= onboardingRate
		}
		for k := range o.ends {
			f, bad := o.ends[k].tickets(o.ends[k].weeksBefore(day))
			rate *= f
			boost *= f
			trouble = trouble || bad
		}
		if r.Float64()*top >= rate {
			continue
		}
		hour := 24 * r.Float64()
		if r.Float64() < 0.85 {
			hour = math.Mod(hours+9*r.Float64(), 24)
		}
		opened := day.Unix() + 60*int64(hour*60)
		dst = append(dst, drawTicket(i, opened, boost, trouble, cutoff, r))
	}
	return dst
}

// drawTicket draws the priority, category, response, resolution and
// rating of a ticket that account i opened at opened, when its tickets
// came boost times as often as usual because it was going wrong.
func drawTicket(i int, opened int64, boost float64, trouble bool, cutoff int64, r *rand.Rand) Ticket {
	mix, p0 := &priorityMix, p0Share
	if trouble {
		mix, p0 = &troubleMix, troubleP0Share
	}
	spike := boost > 1
	t := Ticket{Account: int32(i), Opened: opened}
	// A spike multiplies the other tickets, not the P0s.
	if r.Float64() >= p0/boost {
		t.Priority = int8(1 + pickIndex(r, mix[:]))
	}
	categories := categoryMix
	if t.Priority == 0 {
		categories = p0Mix
	}
	t.Category = uint8(pickIndex(r, categories))

	slow := 1.0
	if spike {
		// Support falls behind on accounts that are going wrong.
		slow = 1.6
	}
	if r.Float64() < unanswered {
		t.Resolved = opened + 10*86400 // closed by the help desk's timeout
	} else {
		wait := responseMinutes[t.Priority] * slow * math.Exp(0.9*r.NormFloat64())
		if wd := time.Unix(opened, 0).UTC().Weekday(); t.Priority >= 2 && (wd == time.Saturday || wd == time.Sunday) {
			wait += 60 * (12 + 36*r.Float64())
		}
		t.FirstResponse = opened + 60*int64(math.Ceil(wait))
		fix := resolveHours[t.Priority] * math.Exp(r.NormFloat64())
		if t.Priority == 0 && r.Float64() < escalatedP0 {
			fix = 24 * (14 + 86*r.Float64())
		}
		t.Resolved = t.FirstResponse + 60*int64(math.Ceil(60*fix))
	}
	if t.FirstResponse >= cutoff {
		t.FirstResponse = 0
	}
	if t.Resolved >= cutoff {
		t.Resolved = 0
	}
	if t.Resolved > 0 && r.Float64() < csatShare {
		weights := []float64{7, 6, 12, 27, 48} // 1 to 5
		if spike || t.Resolved-opened > 5*86400 {
			weights = []float64{16, 12, 18, 26, 28}
		}
		t.CSAT = int8(1 + pickIndex(r, weights))
	}
	return t
}

// pickIndex returns an index drawn with the given weights.
func pickIndex(r *rand.Rand, weights []float64) int {
	return pickWeighted(r, weights, func(w float64) float64 { return w })
}

// The help desk was replaced this many months before the end of the
// window: tickets opened before then carry the old desk's priority words
// (urgent, high, medium, low), later ones P0 to P4.
const helpDeskMonths = 8

var oldPriorities = [...]string{"urgent", "high", "medium", "low", "low"}

// WriteTickets writes tickets.csv: one row per ticket in the order it was
// opened, with RFC 3339 UTC times and empty fields for what has not
// happened yet.
func (c *Company) WriteTickets(w io.Writer) error {
	l := newLines(w, contract.TicketsFile)
	switched := c.MonthStart(len(c.Months) - helpDeskMonths).Unix()
	width := max(6, len(strconv.Itoa(len(c.Tickets))))
	var opened, responded, resolved stamper
	for k, t := range c.Tickets {
		l.buf = append(appendPaddedID(l.buf, 'T', k+1, width), ',')
		l.field(c.Accounts[t.Account].ID)
		l.buf = opened.append(l.buf, t.Opened)
		l.buf = responded.append(l.buf, t.FirstResponse)
		l.buf = resolved.append(l.buf, t.Resolved)
		if t.Opened < switched {
			l.field(oldPriorities[t.Priority])
		} else {
			l.buf = append(l.buf, 'P', byte('0'+t.Priority), ',')
		}
		l.field(TicketCategories[t.Category])
		if t.CSAT > 0 {
			l.integer(int64(t.CSAT))
		} else {
			l.field("")
		}
		l.end()
	}
	return l.close()
}

// stamper formats Unix seconds as RFC 3339 UTC times and a separator, or
// only the separator for 0. Tickets come in time order, so it formats a
// day's date once.
type stamper struct {
	day  int64
	date []byte // "2006-01-02T" of day
}

func (s *stamper) append(b []byte, sec int64) []byte {
	if sec <= 0 {
		return append(b, ',')
	}
	if d := sec / 86400; d != s.day || s.date == nil {
		s.day = d
		s.date = time.Unix(d*86400, 0).UTC().AppendFormat(s.date[:0], "2006-01-02T")
	}
	b = append(b, s.date...)
	t := sec % 86400
	two := func(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	b = append(two(b, t/3600), ':')
	b = append(two(b, t/60%60), ':')
	return append(two(b, t%60), 'Z', ',')
}
