package demo

import (
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
	"github.com/boardpack/boardpack/metrics"
)

// Contact is a row of contacts.csv: a person at a customer account.
type Contact struct {
	Account int32  // index into Company.Accounts
	N       int16  // number within the account, as contact_id shows it
	Role    string // buyer, champion, power_user or other
	Depth   int8   // 1 to 5: how deep the relationship goes
	Active  bool
	LeftOn  time.Time // zero when not known
}

// contactMix says how many contacts of each role an account of a segment
// has: at least base, plus a Poisson count of mean extra.
type contactMix struct {
	role        string
	base        [len(profiles)]int
	extra       [len(profiles)]float64
	leave       float64 // chance of leaving during the signal window
	replace     float64 // chance that a leaver is replaced
	depth, span int     // depth from depth to depth+span-1
}

var contactMixes = [...]contactMix{
	{metrics.RoleBuyer, [...]int{1, 1, 1}, [...]float64{0.8, 0.3, 0}, 0.08, 0.5, 2, 3},
	{metrics.RoleChampion, [...]int{1, 1, 1}, [...]float64{1.0, 0.4, 0}, 0.08, 0.75, 3, 3},
	{metrics.RolePowerUser, [...]int{2, 1, 0}, [...]float64{3, 1.5, 0.8}, 0.12, 0.5, 2, 4},
	{metrics.RoleOther, [...]int{0, 0, 0}, [...]float64{3, 1.5, 0.5}, 0.15, 0.5, 1, 3},
}

// Relationship figures by segment, in the order of profiles.
var (
	noBuyer      = [...]float64{0.03, 0.10, 0.30} // the champion signs, or nobody owns the budget
	responseRate = [...]float64{0.05, 0.05, 0.07} // surveyed contacts who answer an NPS wave
)

// staleShare is the share of other contacts a CRM marks inactive without
// saying when they left.
const staleShare = 0.05

// signalWindowTouched reports whether a has ARR in a month the signal
// window overlaps.
func (c *Company) signalWindowTouched(a *Account) bool {
	for m := max(c.monthOf(c.signalStart()), 0); m < len(a.ARR); m++ {
		if a.ARR[m] > 0 {
			return true
		}
	}
	return false
}

// contactsOf appends the contacts of account i: those of the accounts that
// were customers during the signal window, with the people who left in it.
func (c *Company) contactsOf(dst []Contact, i int, r *rand.Rand) []Contact {
	a, o := &c.Accounts[i], &c.outlooks[i]
	if !c.signalWindowTouched(a) {
		return dst
	}
	s := segmentIndex(a.Segment)
	span := int(c.cutoff.Sub(c.signalStart()).Hours() / 24)
	// When every champion left ahead of a churn, nobody replaced them.
	var lost time.Time
	for k := range o.ends {
		if at := o.ends[k].championLeft; !at.IsZero() && at.Before(c.cutoff) && (lost.IsZero() || at.Before(lost)) {
			lost = at
		}
	}
	if !lost.IsZero() && lost.Before(c.signalStart()) {
		lost = c.signalStart().AddDate(0, 0, r.IntN(14))
	}
	n := int16(0)
	add := func(role string, depth int8) *Contact {
		n++
		dst = append(dst, Contact{Account: int32(i), N: n, Role: role, Depth: depth, Active: true})
		return &dst[len(dst)-1]
	}
	var replacements []Contact
	for _, mix := range contactMixes {
		count := mix.base[s] + poisson(r, mix.extra[s])
		switch {
		case mix.role == metrics.RoleBuyer && r.Float64() < noBuyer[s]:
			count = 0
		case mix.role == metrics.RoleChampion && o.noChampion:
			count = 0
		}
		for range count {
			p := add(mix.role, int8(mix.depth+r.IntN(mix.span)))
			switch {
			case mix.role == metrics.RoleChampion && !lost.IsZero():
				p.Active, p.LeftOn = false, lost
			case r.Float64() < mix.leave:
				left := c.signalStart().AddDate(0, 0, r.IntN(span))
				if !c.customerOn(a, left) {
					break
				}
				p.Active, p.LeftOn = false, left
				if r.Float64() < mix.replace {
					replacements = append(replacements, Contact{Role: mix.role, Depth: int8(mix.depth + r.IntN(mix.span))})
				}
			case mix.role == metrics.RoleOther && r.Float64() < staleShare:
				p.Active = false
			}
		}
	}
	for _, p := range replacements {
		add(p.Role, p.Depth)
	}
	if n == 0 {
		// Someone signed the contract, even when nobody owns the
		// relationship.
		add(metrics.RoleOther, 1)
	}
	return dst
}

// activeOn reports whether the contact was at the account on day t, as
// far as contacts.csv can tell: replacements show as active throughout,
// since the extract does not say when people joined.
func (p *Contact) activeOn(t time.Time) bool {
	return p.Active || !p.LeftOn.IsZero() && p.LeftOn.After(t)
}

// WriteContacts writes contacts.csv: one row per contact, by account.
func (c *Company) WriteContacts(w io.Writer) error {
	l := newLines(w, contract.ContactsFile)
	for _, p := range c.Contacts {
		id := c.Accounts[p.Account].ID
		l.field(id)
		l.buf = append(append(append(l.buf, 'C'), id[1:]...), '-', byte('0'+p.N/10%10), byte('0'+p.N%10), ',')
		l.field(p.Role)
		l.integer(int64(p.Depth))
		l.field(strconv.FormatBool(p.Active))
		if p.LeftOn.IsZero() {
			l.field("")
		} else {
			l.field(p.LeftOn.Format(time.DateOnly))
		}
		l.end()
	}
	return l.close()
}

// NPSResponse is a row of nps.csv.
type NPSResponse struct {
	Account int32 // index into Company.Accounts
	Date    time.Time
	Score   int8 // 0 to 10
}

// The NPS survey goes out every npsEvery months, in the last month of
// the window and every npsEvery months before it back to the window's
// start, so that the company can see whether detractors went on to churn.
const npsEvery = 3

// churnMood is how much lower people score in the months before their
// company leaves, in standard scores: a little, so that a detractor says
// little about churn.
const churnMood = 0.01

// npsAsked is the most contacts of an account a wave asks.
const npsAsked = 12

// npsOf draws the answers to each wave: up to npsAsked active contacts of
// a customer account are asked, some answer within two weeks. Larger
// accounts, with more contacts, answer more often, so that more of the
// detractors are at accounts that seldom churn.
func (c *Company) npsOf(src *source) []NPSResponse {
	var sends []time.Time
	for m := len(c.Months) - 1; m >= 0; m -= npsEvery {
		start := c.MonthStart(m)
		// The second Tuesday of the month.
		sends = append(sends, start.AddDate(0, 0, (int(time.Tuesday)-int(start.Weekday())+7)%7+7))
	}
	slices.Reverse(sends)
	var out []NPSResponse
	contacts := c.Contacts
	var ends []time.Time
	for i := range c.Accounts {
		a, o := &c.Accounts[i], &c.outlooks[i]
		k := 0
		for k < len(contacts) && contacts[k].Account == int32(i) {
			k++
		}
		mine := contacts[:k]
		contacts = contacts[k:]
		if a.Prospect {
			continue
		}
		r := src.stream(streamNPS, uint64(i))
		s := segmentIndex(a.Segment)
		rate := responseRate[s]
		// contacts.csv holds only the accounts that were customers in the
		// signal window; the others had people to ask too.
		past := 0
		if len(mine) == 0 {
			for _, mix := range contactMixes {
				past += mix.base[s] + poisson(r, mix.extra[s])
			}
		}
		ends = ends[:0]
		for _, e := range a.Events {
			if e.Kind == Churn {
				ends = append(ends, c.MonthStart(e.Month))
			}
		}
		if o.nextChurn {
			ends = append(ends, c.MonthStart(o.next))
		}
		for _, send := range sends {
			if !c.customerOn(a, send) {
				continue
			}
			shift := 0.0
			for _, end := range ends {
				if d := end.Sub(send).Hours() / 24; d > 0 && d < 270 {
					shift = churnMood
				}
			}
			asked := past
			for p := range mine {
				if mine[p].activeOn(send) {
					asked++
				}
			}
			var wave []NPSResponse
			for range min(asked, npsAsked) {
				if r.Float64() >= rate {
					continue
				}
				date := send.AddDate(0, 0, min(13, int(3*r.ExpFloat64())))
				z := 0.55*o.mood + 0.84*r.NormFloat64() - shift
				if date.Before(c.cutoff) {
					wave = append(wave, NPSResponse{Account: int32(i), Date: date, Score: npsScore(z, r)})
				}
			}
			// Answers arrive in date order.
			slices.SortStableFunc(wave, func(x, y NPSResponse) int { return x.Date.Compare(y.Date) })
			out = append(out, wave...)
		}
	}
	return out
}

// npsScore turns a standard score into an answer as B2B software sees
// them, an NPS of about 34: 11% detractors (0-6, most of them 5 or 6), 44%
// passives and 45% promoters.
func npsScore(z float64, r *rand.Rand) int8 {
	switch {
	case z < -1.225:
		return int8(pickIndex(r, []float64{3, 2, 4, 6, 10, 25, 50}))
	case z < 0.126:
		return 7 + int8(math.Round(r.Float64()))
	case z < 0.9:
		return 9
	}
	return 10
}

// WriteNPS writes nps.csv: one row per answer, by account and date.
func (c *Company) WriteNPS(w io.Writer) error {
	l := newLines(w, contract.NPSFile)
	for _, x := range c.NPS {
		l.field(c.Accounts[x.Account].ID)
		l.field(x.Date.Format(time.DateOnly))
		l.integer(int64(x.Score))
		l.end()
	}
	return l.close()
}
