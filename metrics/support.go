package metrics

import (
	"slices"
)

const weekSeconds = 7 * 86400

// ticketHours are the response or resolution times of the tickets opened in
// the weekly series' weeks, in hours, grouped by week and segment: bucket
// k*segments+g holds values[at[b]:at[b+1]].
type ticketHours struct {
	at     []int
	values []float64
}

// supportReport sets the support figures of each week: tickets opened in
// the week, their first-response and resolution times, and the P0s open at
// its end. A response or resolution after the as-of date had not happened
// by then; one recorded before the ticket was opened counts as zero hours.
func (c *calc) supportReport(r *IndicatorReport, t *chunkAgg) {
	segs := len(c.segments)
	buckets := WeeklyWeeks * segs
	start := c.weeks[0].Monday().Unix()
	stop := (c.weeks[WeeklyWeeks-1].Sunday() + 1).Unix()
	bucket := func(tk *Ticket) int {
		return int((tk.Opened-start)/weekSeconds)*segs + int(c.seg[tk.Account])
	}
	responded := func(tk *Ticket) bool { return tk.FirstResponse != NotYet && tk.FirstResponse <= c.end }
	resolved := func(tk *Ticket) bool { return tk.Resolved != NotYet && tk.Resolved <= c.end }

	// Count, then place: two passes over the tickets and no growing slices.
	opened := make([]int, buckets)
	first := ticketHours{at: make([]int, buckets+1)}
	resolution := ticketHours{at: make([]int, buckets+1)}
	for j := range c.tickets {
		tk := &c.tickets[j]
		if tk.Opened < start || tk.Opened >= stop {
			continue
		}
		b := bucket(tk)
		opened[b]++
		if responded(tk) {
			first.at[b+1]++
		}
		if resolved(tk) {
			resolution.at[b+1]++
		}
	}
	first.prepare()
	resolution.prepare()
	fill, rfill := slices.Clone(first.at[:buckets]), slices.Clone(resolution.at[:buckets])
	for j := range c.tickets {
		tk := &c.tickets[j]
		if tk.Opened < start || tk.Opened >= stop {
			continue
		}
		b := bucket(tk)
		if responded(tk) {
			first.values[fill[b]] = hoursSince(tk.Opened, tk.FirstResponse)
			fill[b]++
		}
		if resolved(tk) {
			resolution.values[rfill[b]] = hoursSince(tk.Opened, tk.Resolved)
			rfill[b]++
		}
	}

	// byWeek[k][g] are segment g's figures of week k, byWeek[k][segs] the
	// company's.
	byWeek := make([][]SupportFigures, WeeklyWeeks)
	parallel(WeeklyWeeks, func(k int) {
		row := make([]SupportFigures, segs+1)
		all := &row[segs]
		for g := range segs {
			b := k*segs + g
			w := c.week(t, k, g)
			f := &row[g]
			f.Tickets = opened[b]
			f.OpenP0 = w.openP0
			f.NoFirstResponse = opened[b] - (first.at[b+1] - first.at[b])
			f.TicketsPer100Accounts = per100(f.Tickets, w.active)
			fr, res := first.sorted(b, b+1), resolution.sorted(b, b+1)
			f.MedianFirstResponseHours, f.P90FirstResponseHours = median(fr), percentile(fr, 0.9)
			f.MedianResolutionHours = median(res)
			all.Tickets += f.Tickets
			all.OpenP0 += f.OpenP0
			all.NoFirstResponse += f.NoFirstResponse
		}
		// The segments of a week are adjacent: the company's values are
		// their union, sorted again.
		fr, res := first.sorted(k*segs, (k+1)*segs), resolution.sorted(k*segs, (k+1)*segs)
		all.MedianFirstResponseHours, all.P90FirstResponseHours = median(fr), percentile(fr, 0.9)
		all.MedianResolutionHours = median(res)
		all.TicketsPer100Accounts = per100(all.Tickets, c.week(t, k, -1).active)
		byWeek[k] = row
	})

	last := byWeek[WeeklyWeeks-1]
	s := &SupportReport{SupportFigures: last[segs], BySegment: map[string]SupportFigures{}}
	for g, name := range c.segments {
		s.BySegment[name] = last[g]
	}
	r.Support = s
	w := &r.Weekly
	w.Tickets = make([]int, WeeklyWeeks)
	w.TicketsPer100Accounts = make([]Number, WeeklyWeeks)
	w.MedianFirstResponseHours = make([]Number, WeeklyWeeks)
	w.P90FirstResponseHours = make([]Number, WeeklyWeeks)
	w.MedianResolutionHours = make([]Number, WeeklyWeeks)
	w.OpenP0 = make([]int, WeeklyWeeks)
	for k, row := range byWeek {
		f := row[segs]
		w.Tickets[k] = f.Tickets
		w.TicketsPer100Accounts[k] = f.TicketsPer100Accounts
		w.MedianFirstResponseHours[k] = f.MedianFirstResponseHours
		w.P90FirstResponseHours[k] = f.P90FirstResponseHours
		w.MedianResolutionHours[k] = f.MedianResolutionHours
		w.OpenP0[k] = f.OpenP0
	}
}

// prepare turns the counts in at[b+1] into the buckets' offsets.
func (t *ticketHours) prepare() {
	for b := 1; b < len(t.at); b++ {
		t.at[b] += t.at[b-1]
	}
	t.values = make([]float64, t.at[len(t.at)-1])
}

// sorted sorts buckets from to to (exclusive) together and returns their
// values.
func (t *ticketHours) sorted(from, to int) []float64 {
	v := t.values[t.at[from]:t.at[to]]
	slices.Sort(v)
	return v
}

// hoursSince returns the hours from opened to then, zero when then is
// earlier.
func hoursSince(opened, then int64) float64 {
	return float64(max(then-opened, 0)) / 3600
}

// per100 returns tickets per 100 accounts, undefined without accounts.
func per100(tickets, accounts int) Number {
	if accounts == 0 {
		return Number{}
	}
	return Number{Value: 100 * float64(tickets) / float64(accounts), OK: true}
}
