package demo

import (
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// Usage is a row of usage_weekly.csv: how many of an account's licensed
// seats were active in a week.
type Usage struct {
	Account     int32 // index into Company.Accounts
	Week        int16 // index into Company.Weeks
	ActiveUsers int32
	Seats       int32
	KeyEvents   int32
}

// How usage moves for healthy accounts too, so that a usage drop is a
// signal with noise rather than a certainty.
const (
	dipRate    = 0.6  // dips a year: a project ends, a team reorganises
	driftKeep  = 0.85 // week-to-week memory of the slow drift of usage
	driftSD    = 0.05 // weekly shock of that drift, on the log scale
	rampWeeks  = 4.0  // new customers reach two thirds of their usage in this many weeks
	transition = 9    // weeks over which users follow a change of seats
	minSeats   = 3
)

// dip is a stretch of weeks in which usage falls and recovers.
type dip struct {
	start, fall, hold, rise, depth float64 // weeks from the first signal week; depth is a share
}

func (d *dip) factor(w float64) float64 {
	x := w - d.start
	switch {
	case x <= 0:
		return 1
	case x < d.fall:
		return 1 - d.depth*x/d.fall
	case x < d.fall+d.hold:
		return 1 - d.depth
	case x < d.fall+d.hold+d.rise:
		return 1 - d.depth*(1-(x-d.fall-d.hold)/d.rise)
	}
	return 1
}

// seats returns the seats the account licenses in month m, 0 when it has
// no ARR then.
func (o *outlook) seats(a *Account, m int) int {
	arr := arrIn(a, m)
	if arr == 0 {
		return 0
	}
	return max(minSeats, int(math.Round(float64(arr)/100/o.seatPrice)))
}

// AccountUsage appends the rows of usage_weekly.csv of account i to dst in
// week order and returns the extended slice. The rows are drawn anew on
// every call, the same each time.
func (c *Company) AccountUsage(dst []Usage, i int) []Usage {
	return c.usageOf(dst, i, newSource(c.Options.Seed).stream(streamUsage, uint64(i)))
}

func (c *Company) usageOf(dst []Usage, i int, r *rand.Rand) []Usage {
	a, o := &c.Accounts[i], &c.outlooks[i]
	if a.Prospect {
		return dst
	}
	var dips []dip
	for range poisson(r, dipRate*(signalWeeks+20)/52) {
		dips = append(dips, dip{
			start: -20 + float64(signalWeeks+20)*r.Float64(),
			fall:  2 + 3*r.Float64(),
			hold:  1 + 5*r.Float64(),
			rise:  3 + 5*r.Float64(),
			depth: 0.25 + 0.30*r.Float64(),
		})
	}

	// Seats by week, with transition weeks either side, so that users can
	// fall ahead of a seat cut and grow into added seats.
	cal := &c.cal
	var seats [signalWeeks + 2*transition]int
	for k := range seats {
		seats[k] = o.seats(a, cal.month[k])
	}
	season := cal.season
	if a.Region == "EMEA" {
		season = cal.europe
	}
	drift := driftSD * r.NormFloat64() / math.Sqrt(1-driftKeep*driftKeep)
	for w := range signalWeeks {
		drift = driftKeep*drift + driftSD*r.NormFloat64()
		k := w + transition
		s := seats[k]
		if s == 0 || !a.Since.Before(cal.monday[k+1]) {
			continue
		}
		thu := cal.monday[k].AddDate(0, 0, 3)
		level := season[k] * math.Exp(drift) * effectiveSeats(seats[w:], transition) / float64(s)
		if since := thu.Sub(a.Since).Hours() / (7 * 24); since < 4*rampWeeks && a.Start >= 0 {
			level *= 0.4 + 0.6*(1-math.Exp(-max(since, 0)/rampWeeks))
		}
		for k := range dips {
			level *= dips[k].factor(float64(w))
		}
		for k := range o.ends {
			level *= o.ends[k].usage(o.ends[k].weeksBefore(thu))
		}
		p := min(o.utilisation*level, 0.98)
		mean := float64(s) * p
		users := int(math.Round(mean + math.Sqrt(mean*(1-p))*r.NormFloat64()))
		users = min(max(users, 0), s)
		if w == o.overage && users > 0 {
			users = s + 1 + r.IntN(3)
		}
		events := int32(math.Round(float64(users) * o.eventsPerUser * math.Exp(0.2*r.NormFloat64())))
		dst = append(dst, Usage{Account: int32(i), Week: int16(w), ActiveUsers: int32(users), Seats: int32(s), KeyEvents: events})
	}
	return dst
}

// effectiveSeats returns the seats that set the users of the week at
// seats[k]: users fall over the weeks before seats are cut and grow over
// the weeks after seats are added. A churn is left to the decline of its
// ending.
func effectiveSeats(seats []int, k int) float64 {
	s := seats[k]
	for j := 1; j < transition && k+j < len(seats); j++ {
		next := seats[k+j]
		if next == 0 || next > s {
			break
		}
		if next < s {
			return float64(s) + float64(next-s)*float64(transition-j)/transition
		}
	}
	for j := 1; j < transition && k-j >= 0; j++ {
		prev := seats[k-j]
		if prev == 0 || prev > s {
			break
		}
		if prev < s {
			return float64(prev) + float64(s-prev)*float64(j)/transition
		}
	}
	return float64(s)
}

// weekName formats an ISO week as 2026-W43.
func weekName(monday time.Time) string {
	y, w := monday.ISOWeek()
	b := strconv.AppendInt(nil, int64(y), 10)
	b = append(b, '-', 'W', byte('0'+w/10), byte('0'+w%10))
	return string(b)
}

// WriteUsage writes usage_weekly.csv: one row per account and week in
// which the account was a customer, by account and week.
func (c *Company) WriteUsage(w io.Writer) error {
	l := newLines(w, contract.UsageFile)
	names := make([]string, len(c.Weeks))
	for k, monday := range c.Weeks {
		names[k] = weekName(monday)
	}
	src := newSource(c.Options.Seed)
	var rows []Usage
	for i := range c.Accounts {
		rows = c.usageOf(rows[:0], i, src.stream(streamUsage, uint64(i)))
		for _, u := range rows {
			l.field(c.Accounts[i].ID)
			l.field(names[u.Week])
			l.integer(int64(u.ActiveUsers))
			l.integer(int64(u.Seats))
			l.integer(int64(u.KeyEvents))
			l.end()
		}
	}
	return l.close()
}
