package metrics

import (
	"cmp"
	"math"
	"slices"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// PipelineMonths is how many months after the as-of month the inflow of
// new customers covers: a quarter, about what hiring and ramping a CSM
// takes.
const PipelineMonths = 3

// chunkAccounts is how many accounts one piece of parallel work holds. It
// is fixed, not derived from the processor count, so that sums of floats
// come out the same on every machine.
const chunkAccounts = 1024

// calc holds what every step of Indicators shares.
type calc struct {
	h    *History
	cfg  IndicatorConfig
	asOf period.Day
	// end is the instant the as-of date ends: a response or resolution
	// later than it had not happened as of the date.
	end int64
	// month is the as-of month: ARR, and so whether an account is
	// active, is as of its end.
	month period.Month
	weeks [WeeklyWeeks]period.Week
	// weekMonth is the month whose ARR weighs each week's accounts and
	// says which are active: the month of the week's Sunday, or the as-of
	// month when that is later.
	weekMonth [WeeklyWeeks]period.Month

	usage    []Usage
	tickets  []Ticket
	contacts []Contact
	renewals []Renewal
	nps      []NPSResponse
	pipeline []Inflow
	ix       struct{ usage, tickets, contacts, renewals, nps rowIndex }
	has      [numSignals]bool // whether each signal's extract is present
	span     dataSpan

	segments []string // segment labels, sorted
	seg      []int32  // each account's segment
	cover    []Coverage
	books    []string // book keys, sorted
	book     []int32  // each account's book

	rules  []rule
	anyOn  bool // some rule has its extract
	lift   []liftMonth
	chunks []chunkAgg
	acc    []AccountSignals
	extra  []accountExtra
}

// dataSpan is what time the extracts cover, from their first and last
// rows.
type dataSpan struct {
	usage       bool // usage has rows
	firstWeek   period.Week
	lastWeek    period.Week
	tickets     bool
	firstTicket period.Day
	nps         bool
	firstNPS    period.Day
	// firstLeft is the earliest left_on of contacts.csv, NoDay when no
	// contact has one.
	firstLeft period.Day
}

// liftMonth is a month whose churn the rules' lift is measured on.
type liftMonth struct {
	month period.Month
	eval  period.Day // when the rules are tested: 90 days before the end of the month before
	rules []bool     // the rules whose data covers eval
}

// chunkAgg holds the sums of one chunk of accounts.
type chunkAgg struct {
	weeks  []weekAgg // week-major: week k, segment g at k*segments+g
	now    []nowAgg  // by segment
	atRisk [WeeklyWeeks]int
	lift   []liftAgg // by rule
	renew  renewAgg
}

// weekAgg sums a segment's accounts in one week.
type weekAgg struct {
	util, trend weighted
	usageRows   int // accounts with a usage row
	active      int // accounts with ARR
	covered     int // active accounts meeting their Coverage
	openP0      int
}

// nowAgg sums a segment's accounts at the as-of date.
type nowAgg struct {
	active, covered, championsLost int
}

// liftAgg counts a rule's account-months.
type liftAgg struct {
	n, churned, flagged, flaggedChurned int
	accounts                            int // distinct accounts flagged
}

// renewAgg sums the renewal book.
type renewAgg struct {
	arr30, arr60, arr90, atRisk90                    money.Amount
	firstRenewed, firstLost, laterRenewed, laterLost money.Amount
}

func (a *weekAgg) merge(o weekAgg) {
	a.util.merge(o.util)
	a.trend.merge(o.trend)
	a.usageRows += o.usageRows
	a.active += o.active
	a.covered += o.covered
	a.openP0 += o.openP0
}

func (a *nowAgg) merge(o nowAgg) {
	a.active += o.active
	a.covered += o.covered
	a.championsLost += o.championsLost
}

func (a *liftAgg) merge(o liftAgg) {
	a.n += o.n
	a.churned += o.churned
	a.flagged += o.flagged
	a.flaggedChurned += o.flaggedChurned
	a.accounts += o.accounts
}

func (a *renewAgg) merge(o renewAgg) {
	a.arr30 += o.arr30
	a.arr60 += o.arr60
	a.arr90 += o.arr90
	a.atRisk90 += o.atRisk90
	a.firstRenewed += o.firstRenewed
	a.firstLost += o.firstLost
	a.laterRenewed += o.laterRenewed
	a.laterLost += o.laterLost
}

// accountExtra is what a CSM book's figures need of an account beyond its
// AccountSignals.
type accountExtra struct {
	weight          float64  // ARR of the headline week's month
	active          bool     // ARR at the end of the as-of month
	nps             npsTally // responses in the 90 days to the as-of date
	arr90, atRisk90 money.Amount
}

// Indicators returns the leading indicators of h's accounts as of the end
// of day asOf, or nil when s is nil. s's Account fields index h.Accounts.
//
// The headline week is the last complete ISO week at or before asOf, and
// the weekly series cover the WeeklyWeeks weeks ending with it. The as-of
// month is the last complete month at or before asOf. Nothing dated after
// asOf counts: a response or resolution later than its end had not
// happened. "The 90 days to d" are the days d-89 to d.
//
//   - An account is active in a week when it has ARR at the end of the
//     month of the week's Sunday, or of the as-of month when that is
//     earlier; the same ARR weighs it in company and segment usage. At the
//     as-of date, an account is active with ARR at the end of the as-of
//     month.
//   - Seat utilisation is active users over licensed seats of the week's
//     row; the usage trend is the last 4 weeks' active users over the 4
//     weeks' before, minus 1, and needs a row in each of the 8 weeks.
//     Company and segment figures are ARR-weighted means over active
//     accounts; Accounts counts the accounts with a row in the week.
//   - Support figures of a week are over the tickets opened in it, by any
//     account of the segment; tickets per 100 accounts divides by its
//     active accounts. A median of an even count is the mean of the middle
//     two; the 90th percentile interpolates between closest ranks. A P0
//     is open at a week's end when opened before the midnight ending its
//     Sunday and not resolved by that instant.
//   - Champion coverage is the share of active accounts whose active
//     contacts meet their segment's Coverage; an account with no contacts
//     is not covered. A contact is active on a day before its left_on when
//     it has one, else as its active column says.
//   - The renewal book holds open renewals dated 1 to 30, 60 or 90 days
//     after asOf; at risk are those of a flagged account or forecast at
//     risk. Renewal rates are over the renewals dated after the same date
//     a year before asOf and up to it, renewed or churned; an account's
//     first renewal is its earliest row.
//   - Flags are of active accounts at asOf: the rules, then
//     ForecastAtRiskFlag when the next open renewal is forecast at risk.
//     Weekly at-risk counts are of the rules alone, since no history
//     says what a forecast was.
//   - The lift of a rule pools the history's months m up to the as-of
//     month whose test date, 90 days before the end of month m-1, its data
//     covers: usage of the 8 weeks (the trend) or the week (utilisation)
//     to the date's last complete week, tickets from the window's first
//     day (from the date for open P0s), NPS responses from the window's
//     first day; contacts cover every date. Its account-months are the
//     accounts active at the end of m-1, flagged or not at the test date,
//     and churned or not at the end of m.
func Indicators(h *History, s *Signals, cfg IndicatorConfig, asOf period.Day) *IndicatorReport {
	if s == nil {
		return nil
	}
	c := newCalc(h, s, cfg, asOf)
	c.eachAccount()
	sum := c.sum()

	r := &IndicatorReport{
		AsOfWeek: c.weeks[WeeklyWeeks-1],
		AsOf:     asOf,
		Rules:    slices.Clone(cfg.Risk),
		Accounts: c.acc,
		ByCSM:    c.byCSM(),
		// A copy: a slice of c.weeks would keep the whole calc, and so
		// every row of the extracts, alive as long as the report.
		Weekly: Weekly{Weeks: slices.Clone(c.weeks[:])},
	}
	if c.usage != nil {
		c.usageReport(r, &sum)
	}
	if c.tickets != nil {
		c.supportReport(r, &sum)
	}
	if c.contacts != nil {
		c.relationshipReport(r, &sum)
	}
	if c.nps != nil {
		c.npsReport(r)
	}
	if c.renewals != nil {
		r.Renewals = c.renewalReport(&sum.renew)
		r.WatchList = c.watchList()
	}
	if c.pipeline != nil {
		r.Pipeline = c.pipelineReport(&sum)
	}
	if c.anyOn {
		r.Weekly.AtRiskAccounts = slices.Clone(sum.atRisk[:])
		r.Lift = c.liftReport(&sum)
	}
	return r
}

func newCalc(h *History, s *Signals, cfg IndicatorConfig, asOf period.Day) *calc {
	n := len(h.Accounts)
	c := &calc{h: h, cfg: cfg, asOf: asOf, end: (asOf + 1).Unix(), month: period.LastCompleteMonth(asOf)}
	last := period.LastCompleteWeek(asOf)
	for k := range c.weeks {
		w := last - period.Week(WeeklyWeeks-1-k)
		c.weeks[k] = w
		c.weekMonth[k] = min(w.Sunday().Month(), c.month)
	}

	// Each extract is indexed on its own: usage, the largest, alongside
	// the others.
	parallel(2, func(k int) {
		if k == 0 {
			var dup bool
			c.usage, c.ix.usage, dup = indexRows(s.Usage, n, usageKey)
			if dup {
				c.usage = mergeWeeks(c.usage)
				c.ix.usage, _, _ = scanRows(c.usage, n, usageKey)
			}
			return
		}
		c.tickets, c.ix.tickets, _ = indexRows(s.Tickets, n, ticketKey)
		c.contacts, c.ix.contacts, _ = indexRows(s.Contacts, n, contactKey)
		c.renewals, c.ix.renewals, _ = indexRows(s.Renewals, n, renewalKey)
		c.nps, c.ix.nps, _ = indexRows(s.NPS, n, npsKey)
	})
	c.pipeline = s.Pipeline
	c.findSpan()

	c.has = [numSignals]bool{
		sigUsageTrend: c.usage != nil, sigSeatUtilisation: c.usage != nil,
		sigOpenP0: c.tickets != nil, sigTickets90d: c.tickets != nil,
		sigActiveChampions: c.contacts != nil, sigChampionsLost90d: c.contacts != nil,
		sigDetractors90d: c.nps != nil, sigNPS90d: c.nps != nil,
	}
	c.rules = compileRules(cfg.Risk)
	for _, r := range c.rules {
		if r.sig >= 0 && c.has[r.sig] {
			c.anyOn = true
		}
	}

	segIndex := map[string]int32{}
	bookIndex := map[string]int32{}
	for _, a := range h.Accounts {
		segIndex[orDefault(a.Segment, Unspecified)] = 0
		bookIndex[BookKey(a)] = 0
	}
	c.segments = Keys(segIndex)
	c.books = Keys(bookIndex)
	for g, name := range c.segments {
		segIndex[name] = int32(g)
		c.cover = append(c.cover, bySegment(cfg.Coverage, DefaultIndicatorConfig().Coverage, name))
	}
	for b, name := range c.books {
		bookIndex[name] = int32(b)
	}
	c.seg = make([]int32, n)
	c.book = make([]int32, n)
	for i, a := range h.Accounts {
		c.seg[i] = segIndex[orDefault(a.Segment, Unspecified)]
		c.book[i] = bookIndex[BookKey(a)]
	}
	c.liftMonths()
	return c
}

// bySegment returns a segment's setting from m: the segment's own, else
// the "default" one, else the default configuration's (def).
func bySegment[V any](m, def map[string]V, segment string) V {
	if v, ok := m[segment]; ok {
		return v
	}
	if v, ok := m["default"]; ok {
		return v
	}
	return def["default"]
}

// findSpan finds the time each extract covers from each account's first
// and last rows, which the sort puts at the ends of its range.
func (c *calc) findSpan() {
	c.span.firstLeft = period.NoDay
	for _, ct := range c.contacts {
		if ct.LeftOn != period.NoDay && (c.span.firstLeft == period.NoDay || ct.LeftOn < c.span.firstLeft) {
			c.span.firstLeft = ct.LeftOn
		}
	}
	for a := range c.h.Accounts {
		if u := rowsOf(c.usage, c.ix.usage, a); len(u) > 0 {
			first, last := u[0].Week, u[len(u)-1].Week
			if !c.span.usage || first < c.span.firstWeek {
				c.span.firstWeek = first
			}
			if !c.span.usage || last > c.span.lastWeek {
				c.span.lastWeek = last
			}
			c.span.usage = true
		}
		if t := rowsOf(c.tickets, c.ix.tickets, a); len(t) > 0 {
			if d := period.DayOfUnix(t[0].Opened); !c.span.tickets || d < c.span.firstTicket {
				c.span.firstTicket = d
			}
			c.span.tickets = true
		}
		if r := rowsOf(c.nps, c.ix.nps, a); len(r) > 0 {
			if !c.span.nps || r[0].Date < c.span.firstNPS {
				c.span.firstNPS = r[0].Date
			}
			c.span.nps = true
		}
	}
}

// covers reports whether the extracts hold all that signal sig needs at
// the end of day d: the eight weeks to the last complete week for the
// usage trend, that week for utilisation, tickets and NPS responses from
// the first day of the 90-day window (from d itself for open P0s).
// Contacts are a snapshot with leaving dates: they tell who had left by
// a date only from the first departure they record, since an extract
// holds the contacts of today and those who left since the CRM kept
// them. Without any departure they cover what the dated extracts cover,
// or, alone, any date.
func (c *calc) covers(sig int, d period.Day) bool {
	w := period.LastCompleteWeek(d)
	switch sig {
	case sigUsageTrend:
		return c.span.usage && c.span.firstWeek <= w-7 && w <= c.span.lastWeek
	case sigSeatUtilisation:
		return c.span.usage && c.span.firstWeek <= w && w <= c.span.lastWeek
	case sigTickets90d:
		return c.span.tickets && c.span.firstTicket <= d-window+1
	case sigOpenP0:
		return c.span.tickets && c.span.firstTicket <= d
	case sigActiveChampions, sigChampionsLost90d:
		return c.contacts != nil && d >= c.contactsFrom()
	case sigDetractors90d, sigNPS90d:
		return c.span.nps && c.span.firstNPS <= d-window+1
	}
	return false
}

// contactsFrom returns the first day contacts.csv speaks for; see covers.
func (c *calc) contactsFrom() period.Day {
	if c.span.firstLeft != period.NoDay {
		return c.span.firstLeft
	}
	from, dated := period.Day(math.MaxInt32), false
	if c.span.usage {
		from, dated = min(from, c.span.firstWeek.Monday()), true
	}
	if c.span.tickets {
		from, dated = min(from, c.span.firstTicket), true
	}
	if c.span.nps {
		from, dated = min(from, c.span.firstNPS), true
	}
	if !dated {
		return period.NoDay // math.MinInt32: every date
	}
	return from
}

// liftMonths lists the months of the history, up to the as-of month, whose
// churn some rule's data can be tested against: month m is tested 90 days
// before the end of month m-1, the last month-end its accounts had ARR.
func (c *calc) liftMonths() {
	last := min(c.month, c.h.Last())
	for m := c.h.First + 1; m <= last; m++ {
		lm := liftMonth{month: m, eval: m.Add(-1).LastDay() - window, rules: make([]bool, len(c.rules))}
		any := false
		for k, r := range c.rules {
			if r.sig >= 0 && c.covers(r.sig, lm.eval) {
				lm.rules[k], any = true, true
			}
		}
		if any {
			c.lift = append(c.lift, lm)
		}
	}
}

func (c *calc) rowsOf(a int) accountRows {
	return accountRows{
		usage:    rowsOf(c.usage, c.ix.usage, a),
		tickets:  rowsOf(c.tickets, c.ix.tickets, a),
		contacts: rowsOf(c.contacts, c.ix.contacts, a),
		renewals: rowsOf(c.renewals, c.ix.renewals, a),
		nps:      rowsOf(c.nps, c.ix.nps, a),
	}
}

// eachAccount computes every account's signals and the chunks' sums, the
// chunks in parallel.
func (c *calc) eachAccount() {
	n := len(c.h.Accounts)
	c.acc = make([]AccountSignals, n)
	c.extra = make([]accountExtra, n)
	c.chunks = make([]chunkAgg, (n+chunkAccounts-1)/chunkAccounts)
	parallel(len(c.chunks), func(k int) {
		agg := &c.chunks[k]
		agg.weeks = make([]weekAgg, WeeklyWeeks*len(c.segments))
		agg.now = make([]nowAgg, len(c.segments))
		agg.lift = make([]liftAgg, len(c.rules))
		lo, hi := k*chunkAccounts, min((k+1)*chunkAccounts, n)
		// The chunk's flags share one array: an account's flags are a
		// slice of it, cut when the array has stopped growing.
		var flags []Flag
		ends := make([]int32, hi-lo)
		flagged := make([]bool, len(c.rules))
		for i := lo; i < hi; i++ {
			flags = c.account(i, agg, flags, flagged)
			ends[i-lo] = int32(len(flags))
		}
		start := int32(0)
		for i := lo; i < hi; i++ {
			if end := ends[i-lo]; end > start {
				c.acc[i].Flags = flags[start:end:end]
				start = end
			}
		}
	})
}

// account computes account i's signals into c.acc and agg, appending its
// flags at the as-of date to flags. flagged is scratch space of one bool
// per rule.
func (c *calc) account(i int, agg *chunkAgg, flags []Flag, flagged []bool) []Flag {
	rows := c.rowsOf(i)
	g := int(c.seg[i])
	cover := c.cover[g]
	var s signalSet
	for k, w := range c.weeks {
		c.signalsAt(&rows, w.Sunday(), &s)
		a := &agg.weeks[k*len(c.segments)+g]
		if s.usageRow {
			a.usageRows++
		}
		a.openP0 += s.openP0
		arr := c.h.ARR(i, c.weekMonth[k])
		if arr <= 0 {
			continue
		}
		if s.util.OK {
			a.util.add(float64(arr), s.util.Value)
		}
		if s.trend.OK {
			a.trend.add(float64(arr), s.trend.Value)
		}
		a.active++
		if s.covered(cover) {
			a.covered++
		}
		if c.flaggedAny(&s) {
			agg.atRisk[k]++
		}
	}

	c.signalsAt(&rows, c.asOf, &s)
	active := c.h.ARR(i, c.month) > 0
	acc := &c.acc[i]
	*acc = AccountSignals{
		Account:         int32(i),
		SeatUtilisation: s.util,
		UsageTrend:      s.trend,
		OpenP0:          s.openP0,
		Tickets90d:      s.tickets90d,
		ActiveChampions: s.champions,
		Covered:         s.covered(cover),
		NPS90d:          s.npsScore(),
	}
	x := &c.extra[i]
	*x = accountExtra{
		weight: float64(c.h.ARR(i, c.weekMonth[WeeklyWeeks-1])), active: active,
		nps: s.responses,
	}
	now := &agg.now[g]
	now.championsLost += s.champsLost
	start := len(flags)
	if active {
		now.active++
		if acc.Covered {
			now.covered++
		}
		for k := range c.rules {
			if v, ok := c.rules[k].test(&s); ok {
				flags = append(flags, Flag{Rule: c.rules[k].name, Value: v})
			}
		}
	}
	flags = c.renewalsOf(i, &rows, len(flags) > start, active, agg, flags)
	c.liftOf(i, &rows, agg, flagged)
	return flags
}

// flaggedAny reports whether some rule flags an account.
func (c *calc) flaggedAny(s *signalSet) bool {
	for k := range c.rules {
		if _, ok := c.rules[k].test(s); ok {
			return true
		}
	}
	return false
}

// renewalsOf adds account i's renewals to the book and its next open
// renewal to its signals, appending the forecast flag to flags when that
// renewal is forecast at risk. ruled says whether a rule flags the account.
// A renewal dated after the as-of date whose outcome is already renewed or
// churned was decided early: it is out of the book.
func (c *calc) renewalsOf(i int, rows *accountRows, ruled, active bool, agg *chunkAgg, flags []Flag) []Flag {
	if len(rows.renewals) == 0 {
		return flags
	}
	yearAgo := period.DayOf(c.asOf.Time().AddDate(-1, 0, 0))
	acc, x, b := &c.acc[i], &c.extra[i], &agg.renew
	for j := range rows.renewals {
		r := &rows.renewals[j]
		switch {
		case r.Date > c.asOf && r.Outcome == OutcomeOpen:
			if acc.NextRenewal == nil {
				acc.NextRenewal = r
			}
			if r.Date > c.asOf+90 {
				continue
			}
			b.arr90 += r.ARR
			x.arr90 += r.ARR
			if r.Date <= c.asOf+60 {
				b.arr60 += r.ARR
			}
			if r.Date <= c.asOf+30 {
				b.arr30 += r.ARR
			}
			if ruled || r.Forecast == ForecastAtRisk {
				b.atRisk90 += r.ARR
				x.atRisk90 += r.ARR
			}
		case r.Date > yearAgo && r.Date <= c.asOf && (r.Outcome == OutcomeRenewed || r.Outcome == OutcomeChurned):
			renewed := r.Outcome == OutcomeRenewed
			// The account's first renewal is its earliest row.
			switch {
			case j == 0 && renewed:
				b.firstRenewed += r.ARR
			case j == 0:
				b.firstLost += r.ARR
			case renewed:
				b.laterRenewed += r.ARR
			default:
				b.laterLost += r.ARR
			}
		}
	}
	if active && acc.NextRenewal != nil && acc.NextRenewal.Forecast == ForecastAtRisk {
		flags = append(flags, Flag{Rule: ForecastAtRiskFlag})
	}
	return flags
}

// liftOf counts account i's months of the lift: each month it began with
// ARR, whether the rules flagged it at the month's test date and whether
// it churned in the month.
func (c *calc) liftOf(i int, rows *accountRows, agg *chunkAgg, flagged []bool) {
	clear(flagged)
	var s signalSet
	for q := range c.lift {
		lm := &c.lift[q]
		if c.h.ARR(i, lm.month-1) <= 0 {
			continue
		}
		churned := c.h.ARR(i, lm.month) == 0
		c.signalsAt(rows, lm.eval, &s)
		for k := range c.rules {
			if !lm.rules[k] {
				continue
			}
			l := &agg.lift[k]
			l.n++
			if churned {
				l.churned++
			}
			if _, ok := c.rules[k].test(&s); ok {
				l.flagged++
				if churned {
					l.flaggedChurned++
				}
				flagged[k] = true
			}
		}
	}
	for k, f := range flagged {
		if f {
			agg.lift[k].accounts++
		}
	}
}

// sum adds up the chunks in chunk order.
func (c *calc) sum() chunkAgg {
	t := chunkAgg{
		weeks: make([]weekAgg, WeeklyWeeks*len(c.segments)),
		now:   make([]nowAgg, len(c.segments)),
		lift:  make([]liftAgg, len(c.rules)),
	}
	for _, ch := range c.chunks {
		for j, w := range ch.weeks {
			t.weeks[j].merge(w)
		}
		for g, n := range ch.now {
			t.now[g].merge(n)
		}
		for k, n := range ch.atRisk {
			t.atRisk[k] += n
		}
		for k, l := range ch.lift {
			t.lift[k].merge(l)
		}
		t.renew.merge(ch.renew)
	}
	c.chunks = nil
	return t
}

// week returns the sums of segment g in week k, or of the company for g < 0.
func (c *calc) week(t *chunkAgg, k, g int) weekAgg {
	row := t.weeks[k*len(c.segments) : (k+1)*len(c.segments)]
	if g >= 0 {
		return row[g]
	}
	var w weekAgg
	for _, a := range row {
		w.merge(a)
	}
	return w
}

func (c *calc) usageReport(r *IndicatorReport, t *chunkAgg) {
	figures := func(w weekAgg) UsageFigures {
		return UsageFigures{SeatUtilisation: w.util.ratio(), Trend: w.trend.ratio(), Accounts: w.usageRows}
	}
	last := WeeklyWeeks - 1
	u := &UsageReport{UsageFigures: figures(c.week(t, last, -1)), BySegment: map[string]UsageFigures{}}
	for g, name := range c.segments {
		u.BySegment[name] = figures(c.week(t, last, g))
	}
	r.Usage = u
	r.Weekly.SeatUtilisation = make([]Ratio, WeeklyWeeks)
	r.Weekly.UsageTrend = make([]Ratio, WeeklyWeeks)
	for k := range c.weeks {
		w := c.week(t, k, -1)
		r.Weekly.SeatUtilisation[k] = w.util.ratio()
		r.Weekly.UsageTrend[k] = w.trend.ratio()
	}
}

func (c *calc) relationshipReport(r *IndicatorReport, t *chunkAgg) {
	rel := &RelationshipReport{BySegment: map[string]RelationshipFigures{}}
	var all nowAgg
	for g, name := range c.segments {
		n := t.now[g]
		rel.BySegment[name] = RelationshipFigures{ChampionCoverage: Of(n.covered, n.active), ChampionsLost90d: n.championsLost, Accounts: n.active}
		all.merge(n)
	}
	rel.RelationshipFigures = RelationshipFigures{ChampionCoverage: Of(all.covered, all.active), ChampionsLost90d: all.championsLost, Accounts: all.active}
	r.Relationships = rel
	r.Weekly.ChampionCoverage = make([]Ratio, WeeklyWeeks)
	for k := range c.weeks {
		w := c.week(t, k, -1)
		r.Weekly.ChampionCoverage[k] = Of(w.covered, w.active)
	}
}

// npsReport counts the responses of each day of the weeks' 90-day windows
// once, then sums each window.
func (c *calc) npsReport(r *IndicatorReport) {
	from := c.weeks[0].Sunday() - window + 1
	days := int(c.asOf-from) + 1
	byDay := make([]npsTally, days)
	for _, x := range c.nps {
		if x.Date >= from && x.Date <= c.asOf {
			byDay[x.Date-from].add(x.Score)
		}
	}
	trailing := func(end period.Day) npsTally {
		var t npsTally
		for _, d := range byDay[end-from-window+1 : end-from+1] {
			t.merge(d)
		}
		return t
	}
	now := trailing(c.asOf)
	r.NPS = &NPSReport{
		Score: now.score(), Responses: now.n,
		Promoters: now.promoters, Passives: now.n - now.promoters - now.detractors, Detractors: now.detractors,
	}
	r.Weekly.NPS = make([]Number, WeeklyWeeks)
	for k, w := range c.weeks {
		r.Weekly.NPS[k] = trailing(w.Sunday()).score()
	}
}

func (c *calc) renewalReport(b *renewAgg) *RenewalReport {
	return &RenewalReport{
		ARR30d: b.arr30, ARR60d: b.arr60, ARR90d: b.arr90,
		AtRiskARR90d: b.atRisk90, AtRiskShare90d: Of(b.atRisk90, b.arr90),
		FirstYearRenewalRate: Of(b.firstRenewed, b.firstRenewed+b.firstLost),
		TenuredRenewalRate:   Of(b.laterRenewed, b.laterRenewed+b.laterLost),
	}
}

// watchList lists the flagged accounts whose next open renewal falls
// within the watch window, by the renewal's ARR, largest first.
func (c *calc) watchList() []WatchItem {
	out := []WatchItem{}
	until := c.asOf + period.Day(c.cfg.WatchDays)
	for i := range c.acc {
		a := &c.acc[i]
		if len(a.Flags) == 0 || a.NextRenewal == nil || a.NextRenewal.Date > until {
			continue
		}
		r := a.NextRenewal
		out = append(out, WatchItem{Account: int32(i), AccountID: c.h.Accounts[i].ID, ARR: r.ARR, RenewalDate: r.Date, Forecast: r.Forecast, Flags: a.Flags})
	}
	slices.SortFunc(out, func(x, y WatchItem) int {
		return cmp.Or(cmp.Compare(y.ARR, x.ARR), cmp.Compare(x.AccountID, y.AccountID))
	})
	return out
}

// pipelineReport sets the inflow of the PipelineMonths after the as-of
// month against the capacity of the named CSMs with active accounts in
// each segment.
func (c *calc) pipelineReport(t *chunkAgg) *PipelineReport {
	p := &PipelineReport{From: c.month + 1, To: c.month + PipelineMonths}
	// staffed[g*books+b] says book b has an active account in segment g.
	staffed := make([]bool, len(c.segments)*len(c.books))
	for i, a := range c.h.Accounts {
		if a.CSM != "" && c.extra[i].active {
			staffed[int(c.seg[i])*len(c.books)+int(c.book[i])] = true
		}
	}
	by := map[string]*SegmentInflow{}
	for g, name := range c.segments {
		if t.now[g].active == 0 {
			continue
		}
		s := &SegmentInflow{Segment: name, Accounts: t.now[g].active}
		for _, on := range staffed[g*len(c.books) : (g+1)*len(c.books)] {
			if on {
				s.CSMs++
			}
		}
		by[name] = s
	}
	for _, in := range c.pipeline {
		if in.Month < p.From || in.Month > p.To {
			continue
		}
		name := orDefault(in.Segment, Unspecified)
		s := by[name]
		if s == nil {
			s = &SegmentInflow{Segment: name}
			by[name] = s
		}
		s.NewAccounts += in.NewAccounts
		s.ARR += in.ARR
	}
	p.BySegment = []SegmentInflow{}
	for _, name := range Keys(by) {
		s := by[name]
		s.Capacity = s.CSMs * bySegment(c.cfg.AccountsPerCSM, DefaultIndicatorConfig().AccountsPerCSM, name)
		s.Load = Of(s.Accounts+int(s.NewAccounts), s.Capacity)
		p.BySegment = append(p.BySegment, *s)
	}
	return p
}

// liftReport pools each rule's account-months over the months its data
// covers.
func (c *calc) liftReport(t *chunkAgg) []Lift {
	var out []Lift
	for k, r := range c.rules {
		if r.sig < 0 || !c.has[r.sig] {
			continue
		}
		l := t.lift[k]
		months := 0
		for _, lm := range c.lift {
			if lm.rules[k] {
				months++
			}
		}
		x := Lift{
			Rule: r.name, Accounts: l.accounts, Months: months,
			FlaggedRate: Of(l.flaggedChurned, l.flagged), BaseRate: Of(l.churned, l.n),
			TooFew: l.accounts < MinLiftAccounts,
		}
		if x.FlaggedRate.OK && x.BaseRate.OK && x.BaseRate.Value > 0 {
			x.Lift = Number{Value: x.FlaggedRate.Value / x.BaseRate.Value, OK: true}
		}
		out = append(out, x)
	}
	return out
}

// byCSM sums the accounts of each CSM book in History order.
func (c *calc) byCSM() map[string]BookIndicators {
	type book struct {
		util, trend     weighted
		tickets, openP0 int
		active, covered int
		nps             npsTally
		arr90, atRisk90 money.Amount
		atRisk          int
	}
	sums := make([]book, len(c.books))
	for i := range c.acc {
		a, x, b := &c.acc[i], &c.extra[i], &sums[c.book[i]]
		if x.weight > 0 {
			if a.SeatUtilisation.OK {
				b.util.add(x.weight, a.SeatUtilisation.Value)
			}
			if a.UsageTrend.OK {
				b.trend.add(x.weight, a.UsageTrend.Value)
			}
		}
		b.tickets += a.Tickets90d
		b.openP0 += a.OpenP0
		if x.active {
			b.active++
			if a.Covered {
				b.covered++
			}
		}
		b.nps.merge(x.nps)
		b.arr90 += x.arr90
		b.atRisk90 += x.atRisk90
		if len(a.Flags) > 0 {
			b.atRisk++
		}
	}
	out := make(map[string]BookIndicators, len(c.books))
	for k, name := range c.books {
		b := &sums[k]
		out[name] = BookIndicators{
			SeatUtilisation: b.util.ratio(), UsageTrend: b.trend.ratio(),
			Tickets90d: b.tickets, OpenP0: b.openP0,
			ChampionCoverage: Of(b.covered, b.active), NPS: b.nps.score(), NPSResponses: b.nps.n,
			ARR90d: b.arr90, AtRiskARR90d: b.atRisk90, AtRiskAccounts: b.atRisk,
		}
	}
	return out
}
