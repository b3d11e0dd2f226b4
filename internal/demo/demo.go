// Package demo generates a deterministic, realistic demo SaaS company and
// writes its Customer Success extracts as CSV files.
//
// The company is first built in memory (see Generate and Company) and only
// then written, so that further extracts of the same company can be added
// without changing the existing ones. Every random decision is drawn from a
// PCG stream keyed by the seed, a purpose and, where it applies, the account
// index: adding a new kind of data must use a new stream so that the files
// generated so far stay byte-identical.
package demo

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// Options says how big a company to generate.
type Options struct {
	Accounts int    // number of accounts, e.g. 2000
	Months   int    // number of months of ARR history, e.g. 36
	End      string // last month "YYYY-MM", e.g. "2026-10"
	Seed     uint64 // seed of every random stream
}

// DefaultOptions returns the options of the committed sample data in
// sample-data/.
func DefaultOptions() Options {
	return Options{Accounts: 2000, Months: 36, End: "2026-10", Seed: 1}
}

// Validate reports why the options cannot be generated, or nil.
func (o Options) Validate() error {
	if o.Accounts < 1 || o.Accounts > 10_000_000 {
		return fmt.Errorf("demo: accounts must be between 1 and 10000000, got %d", o.Accounts)
	}
	if o.Months < 1 || o.Months > 1200 {
		return fmt.Errorf("demo: months must be between 1 and 1200, got %d", o.Months)
	}
	if o.Accounts*o.Months > 200_000_000 {
		// The histories are held in memory at 8 bytes per account-month.
		return fmt.Errorf("demo: %d accounts over %d months is too large to hold in memory", o.Accounts, o.Months)
	}
	if _, err := parseMonth(o.End); err != nil {
		return err
	}
	return nil
}

func parseMonth(s string) (time.Time, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Format("2006-01") != s {
		return time.Time{}, fmt.Errorf("demo: end month %q is not of the form YYYY-MM", s)
	}
	return t, nil
}

// Segment is a customer segment.
type Segment string

// The three segments of the demo company.
const (
	Enterprise Segment = "Enterprise"
	MidMarket  Segment = "Mid-Market"
	SMB        Segment = "SMB"
)

// Engagement is how Customer Success covers an account.
type Engagement string

// The engagement models of the demo company.
const (
	Dedicated Engagement = "dedicated"  // a named CSM owns the account
	LowTouch  Engagement = "low-touch"  // a named CSM, few scheduled touchpoints
	TechTouch Engagement = "tech-touch" // pooled, digital-only coverage
)

// EventKind is the kind of an ARR movement.
type EventKind uint8

// The ARR movements an account goes through.
const (
	NewLogo      EventKind = iota + 1 // first contract starts inside the window
	Renewal                           // flat renewal
	Expansion                         // renewal at a higher ARR
	Contraction                       // renewal at a lower ARR
	Churn                             // the contract is not renewed
	AddOn                             // mid-term expansion, co-termed with the contract
	Reactivation                      // a churned account signs again
)

var eventNames = [...]string{
	NewLogo:      "new",
	Renewal:      "renewal",
	Expansion:    "expansion",
	Contraction:  "contraction",
	Churn:        "churn",
	AddOn:        "add-on",
	Reactivation: "reactivation",
}

// String returns the lower-case name of the event kind.
func (k EventKind) String() string {
	if int(k) < len(eventNames) && eventNames[k] != "" {
		return eventNames[k]
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// Event is one ARR movement of an account.
type Event struct {
	Month  int // index into Company.Months of the first month at the new ARR
	Kind   EventKind
	Before int64 // ARR in cents before the event
	After  int64 // ARR in cents from Month on
}

// Account is one customer (or prospect) with its attributes and history.
type Account struct {
	ID         string
	Name       string
	Segment    Segment
	CSM        string // empty for pooled coverage
	Engagement Engagement
	Industry   string
	Region     string

	// Since is the date of the first contract start; it is the zero time
	// for a prospect.
	Since time.Time
	// SinceBlank says the CRM export leaves customer_since empty, as real
	// exports do for a few accounts.
	SinceBlank bool
	// Prospect marks an account entered by mistake: it never has ARR.
	Prospect bool

	// Start is the index into Company.Months of the first contract start;
	// it is negative when the account was a customer before the window
	// and len(Company.Months) for a prospect.
	Start int
	// ContractStart is the index of the month in which the latest contract
	// started. Renewals fall on its anniversaries.
	ContractStart int
	// RenewalMonth is the calendar month of those anniversaries; it is 0
	// for a prospect.
	RenewalMonth time.Month

	// ARR holds the annual recurring revenue in cents for each month of
	// Company.Months; it is 0 in months when the account is not a customer.
	ARR []int64
	// Events lists the ARR movements inside the window in month order.
	Events []Event
}

// CSM is a Customer Success Manager with a book of accounts in one segment.
type CSM struct {
	Name    string
	Segment Segment
}

// Company is a generated demo company.
type Company struct {
	Options  Options
	Months   []string // "YYYY-MM", oldest first
	CSMs     []CSM
	Accounts []Account // sorted by ID

	// Costs and Revenue cover the last two years of Months (all of them
	// when the window is shorter); Costs holds every category of every
	// one of those months, in month and then category order.
	Costs       []Cost
	Revenue     []Revenue
	Initiatives []Initiative // CS Ops initiatives by launch date
	Assessments []Assessment // maturity ratings in the order of assessments.csv

	// Weeks holds the Mondays of the signalWeeks ISO weeks that the
	// leading-indicator extracts cover, oldest first: they end with the
	// last complete week at or before the last day of Months.
	Weeks    []time.Time
	Tickets  []Ticket          // by opening time, which numbers them
	Contacts []Contact         // by account
	NPS      []NPSResponse     // by account, then date
	Renewals []ContractRenewal // by account, then date
	Pipeline []Inflow          // by month, then segment

	first    time.Time // first day of Months[0]
	cutoff   time.Time // first day after Months: the extracts' as-of instant
	outlooks []outlook // per account, what its signals lead up to
	cal      calendar
}

// MonthStart returns the first day of month i of the window. i may lie
// outside the window, e.g. a negative Account.Start.
func (c *Company) MonthStart(i int) time.Time {
	return time.Date(c.first.Year(), c.first.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
}

// segmentProfile holds everything that differs between segments.
type segmentProfile struct {
	segment Segment
	// Initial ARR in dollars: log-normal around median, clamped to [lo, hi].
	median, sigma, lo, hi float64
	// Yearly probabilities at renewal.
	churn, contraction, expansion float64
	// Monthly probability of a mid-term add-on.
	addOn float64
	// Accounts per CSM; 0 means pooled coverage without a named CSM.
	book int
}

var profiles = [...]segmentProfile{
	{Enterprise, 200_000, 0.65, 80_000, 900_000, 0.05, 0.08, 0.30, 0.020, 25},
	{MidMarket, 38_000, 0.40, 18_000, 90_000, 0.10, 0.08, 0.24, 0.012, 50},
	{SMB, 6_500, 0.50, 2_400, 18_000, 0.16, 0.08, 0.14, 0.005, 0},
}

type weighted struct {
	name   string
	weight float64
}

var industries = []weighted{
	{"Software", 22}, {"Healthcare", 14}, {"Financial Services", 14}, {"Manufacturing", 12},
	{"Retail", 11}, {"Logistics", 10}, {"Education", 9}, {"Media", 8},
}

var regions = []weighted{{"NA", 50}, {"EMEA", 28}, {"APAC", 14}, {"LATAM", 8}}

func pick(r *rand.Rand, ws []weighted) string {
	return ws[pickWeighted(r, ws, func(w weighted) float64 { return w.weight })].name
}

// pickWeighted returns the index of an item drawn with the weights that
// weight gives the items.
func pickWeighted[T any](r *rand.Rand, items []T, weight func(T) float64) int {
	var total float64
	for _, it := range items {
		total += weight(it)
	}
	x := r.Float64() * total
	for k, it := range items {
		w := weight(it)
		if x < w {
			return k
		}
		x -= w
	}
	return len(items) - 1
}

// Shape of the company.
const (
	existingShare  = 0.555 // accounts already customers in the first month
	maxTenure      = 72    // months a pre-window customer may have signed before the window
	blankSinceRate = 0.05  // accounts whose export lacks customer_since
	centsRate      = 0.02  // accounts priced per seat per month, so ARR has cents
	reactivation   = 0.08  // churned accounts that sign again 3-12 months later
	lowTouchShare  = 0.30  // Mid-Market accounts on the low-touch model
	upliftRate     = 0.70  // otherwise flat renewals that carry a price uplift
	landShare      = 0.60  // new logos start smaller than established accounts

	// acquisitionGrowth is the log of how much faster new logos arrive at
	// the end of the window than at its start.
	acquisitionGrowth = 2.4
	prospects         = 3 // accounts that never have ARR
)

// Random streams. Each purpose has its own stream so that changing one
// kind of data does not reshuffle the others.
const (
	streamProfile uint64 = iota + 1
	streamName
	streamARR
	streamCSM
	streamProspect
	streamCost
	streamRevenue
	streamOutlook
	streamUsage
	streamTicket
	streamContact
	streamNPS
	streamRenewal
	streamPipeline
)

// source hands out the random stream of one purpose and one account,
// reseeding a single PCG instead of allocating one per account.
type source struct {
	seed uint64
	pcg  rand.PCG
	r    *rand.Rand
}

func newSource(seed uint64) *source {
	s := &source{seed: seed}
	s.r = rand.New(&s.pcg)
	return s
}

// stream returns the generator positioned at the start of the stream; it
// is valid until the next call.
func (s *source) stream(purpose, index uint64) *rand.Rand {
	s.pcg.Seed(splitmix64(s.seed^purpose<<56), splitmix64(purpose<<40^index))
	return s.r
}

// splitmix64 scrambles x so that neighbouring seeds give unrelated states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Generate builds the company described by opt. It panics if
// opt.Validate reports an error.
func Generate(opt Options) *Company {
	if err := opt.Validate(); err != nil {
		panic(err)
	}
	end, _ := parseMonth(opt.End)
	c := &Company{
		Options:  opt,
		Months:   make([]string, opt.Months),
		Accounts: make([]Account, opt.Accounts),
		first:    end.AddDate(0, 1-opt.Months, 0),
	}
	for i := range c.Months {
		c.Months[i] = c.MonthStart(i).Format("2006-01")
	}

	src := newSource(opt.Seed)
	names := newNameGen(opt.Accounts)
	width := max(5, len(strconv.Itoa(opt.Accounts)))
	arr := make([]int64, opt.Accounts*opt.Months) // one allocation for all histories
	for i := range c.Accounts {
		a := &c.Accounts[i]
		a.ID = accountID(i+1, width)
		p := c.profile(a, src.stream(streamProfile, uint64(i)))
		a.Name = names.draw(src.stream(streamName, uint64(i)), a.Industry)
		a.ARR = arr[i*opt.Months : (i+1)*opt.Months : (i+1)*opt.Months]
		simulate(a, p, src.stream(streamARR, uint64(i)))
		a.RenewalMonth = c.MonthStart(a.ContractStart).Month()
	}
	c.markProspects(src.stream(streamProspect, 0))
	c.assignCSMs(src.stream(streamCSM, 0))
	c.planFinance(src.stream(streamCost, 0), src.stream(streamRevenue, 0))
	c.Initiatives = initiativesOf(c)
	c.Assessments = assessmentsOf(c)
	c.planSignals(src)
	return c
}

func accountID(n, width int) string { return paddedID('A', n, width) }

// paddedID returns prefix and n padded with zeros to width digits, so that
// IDs sort as their numbers do.
func paddedID(prefix byte, n, width int) string {
	return string(appendPaddedID(make([]byte, 0, width+1), prefix, n, width))
}

// appendPaddedID appends the ID that paddedID returns to b, for writers
// of many IDs.
func appendPaddedID(b []byte, prefix byte, n, width int) []byte {
	b = append(b, prefix)
	digits := 1
	for v := n; v >= 10; v /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// profile draws the account's attributes and first contract start, and
// returns its segment profile.
func (c *Company) profile(a *Account, r *rand.Rand) *segmentProfile {
	var p *segmentProfile
	switch u := r.Float64(); {
	case u < 0.10:
		p = &profiles[0]
	case u < 0.40:
		p = &profiles[1]
	default:
		p = &profiles[2]
	}
	a.Segment = p.segment
	a.Industry = pick(r, industries)
	a.Region = pick(r, regions)
	switch a.Segment {
	case Enterprise:
		a.Engagement = Dedicated
	case MidMarket:
		a.Engagement = Dedicated
		if r.Float64() < lowTouchShare {
			a.Engagement = LowTouch
		}
	default:
		a.Engagement = TechTouch
	}

	if n := c.Options.Months; n < 2 || r.Float64() < existingShare {
		// Recent customers outnumber old ones because the company grew.
		a.Start = -1 - int(maxTenure*math.Pow(r.Float64(), 1.6))
	} else {
		// Sales grows, so new logos arrive at a rate that rises
		// exponentially over the window (inverse-CDF sampling).
		t := math.Log1p(r.Float64()*math.Expm1(acquisitionGrowth)) / acquisitionGrowth
		a.Start = 1 + int(float64(n-1)*t)
	}
	a.ContractStart = a.Start
	day := 1 + r.IntN(28)
	m := c.MonthStart(a.Start)
	a.Since = time.Date(m.Year(), m.Month(), day, 0, 0, 0, 0, time.UTC)
	a.SinceBlank = r.Float64() < blankSinceRate
	return p
}

// churnChance returns the probability that a contract of arr cents is not
// renewed: within a segment, smaller accounts are likelier to churn.
func (p *segmentProfile) churnChance(arr int64) float64 {
	return p.churn * min(max(math.Sqrt(p.median*100/float64(arr)), 0.5), 1.8)
}

// pricing turns dollar amounts into ARR in cents the way the account is
// priced.
type pricing struct {
	perSeat bool    // monthly seat price with cents, times 12
	unit    float64 // rounding unit in cents for the other accounts
}

func (pr pricing) round(cents float64) int64 {
	if pr.perSeat {
		return max(12, 12*int64(math.Round(cents/12)))
	}
	return max(int64(pr.unit), int64(pr.unit)*int64(math.Round(cents/pr.unit)))
}

// simulate fills a.ARR and a.Events month by month: annual contracts that
// renew, expand, contract or churn on their anniversary, occasional mid-term
// add-ons and occasional reactivations after churn.
func simulate(a *Account, p *segmentProfile, r *rand.Rand) {
	pr := pricing{unit: 100_00}
	if r.Float64() < centsRate {
		pr.perSeat = true
	} else if p.segment == Enterprise && r.Float64() < 0.5 {
		pr.unit = 1000_00
	}
	initial := func(tenureMonths int) int64 {
		d := p.median * math.Exp(p.sigma*r.NormFloat64())
		d = min(max(d, p.lo), p.hi)
		// Accounts that stayed for years have usually grown.
		d *= 1 + 0.05*float64(tenureMonths)/12
		return pr.round(min(d, 1.2*p.hi) * 100)
	}
	change := func(cur int64, f float64) int64 {
		v := float64(cur) * f
		if f > 1 {
			// Keep the largest accounts inside a believable range.
			v = min(v, max(float64(cur), 1.2*p.hi*100))
		} else {
			v = max(v, 0.5*p.lo*100)
		}
		return pr.round(v)
	}
	event := func(m int, k EventKind, before, after int64) {
		a.Events = append(a.Events, Event{Month: m, Kind: k, Before: before, After: after})
	}

	var cur int64
	active := a.Start < 0
	if active {
		cur = initial(-a.Start)
	}
	back, backARR := -1, int64(0) // month and ARR of a pending reactivation
	for m := range a.ARR {
		switch {
		case !active:
			if m == a.Start {
				// Land small, expand later, but not below the segment's
				// smallest deal.
				cur, active = pr.round(max(float64(initial(0))*landShare, p.lo*100)), true
				event(m, NewLogo, 0, cur)
			} else if m == back {
				cur, active = backARR, true
				a.ContractStart = m
				event(m, Reactivation, 0, cur)
			}
		case m > 0 && m > a.ContractStart && (m-a.ContractStart)%12 == 0:
			// A renewal in the first month is skipped: the account is a
			// customer then by definition, so its ARR already reflects it.
			before := cur
			churn := p.churnChance(cur)
			switch u := r.Float64(); {
			case u < churn:
				cur, active = 0, false
				event(m, Churn, before, 0)
				if r.Float64() < reactivation {
					back = m + 3 + r.IntN(10)
					backARR = pr.round(float64(before) * (0.6 + 0.4*r.Float64()))
				}
			case u < churn+p.contraction:
				cur = change(cur, 0.9-0.3*r.Float64())
				event(m, Contraction, before, cur)
			case u < churn+p.contraction+p.expansion:
				cur = change(cur, 1.1+0.5*r.Float64())
				event(m, Expansion, before, cur)
			case r.Float64() < upliftRate:
				// The contract's annual price uplift.
				cur = change(cur, 1.03+0.05*r.Float64())
				event(m, Expansion, before, cur)
			default:
				event(m, Renewal, before, cur)
			}
		case r.Float64() < p.addOn:
			before := cur
			cur = change(cur, 1.05+0.15*r.Float64())
			event(m, AddOn, before, cur)
		}
		a.ARR[m] = cur
	}
}

// markProspects turns a few accounts into prospects that were entered in
// the CRM by mistake: they never have ARR, which the report warns about.
func (c *Company) markProspects(r *rand.Rand) {
	n := min(prospects, len(c.Accounts)/100)
	for marked := 0; marked < n; {
		a := &c.Accounts[r.IntN(len(c.Accounts))]
		if a.Prospect {
			continue
		}
		a.Prospect = true
		a.Since, a.SinceBlank = time.Time{}, true
		a.Start, a.ContractStart, a.RenewalMonth = len(c.Months), len(c.Months), 0
		clear(a.ARR)
		a.Events = nil
		marked++
	}
}

// assignCSMs staffs each covered segment with enough CSMs for realistic
// books and gives each CSM a book of within 20% of the average, as real
// books vary with tenure and account complexity.
func (c *Company) assignCSMs(r *rand.Rand) {
	seen := make(map[string]struct{})
	for pi := range profiles {
		p := &profiles[pi]
		if p.book == 0 {
			continue
		}
		n := 0
		for i := range c.Accounts {
			if c.Accounts[i].Segment == p.segment {
				n++
			}
		}
		if n == 0 {
			continue
		}
		staff := (n + p.book - 1) / p.book
		weights := make([]float64, staff)
		var total float64
		for j := range weights {
			c.CSMs = append(c.CSMs, CSM{Name: personName(r, seen), Segment: p.segment})
			weights[j] = 0.8 + 0.4*r.Float64()
			total += weights[j]
		}
		csms := c.CSMs[len(c.CSMs)-staff:]

		// Deal out a shuffled deck with one card per account, holding
		// each CSM's share of the segment: random draws would make the
		// books vary far more than weights alone.
		deck := make([]int, 0, n)
		for j, w := range weights {
			for range int(float64(n) * w / total) {
				deck = append(deck, j)
			}
		}
		for j := 0; len(deck) < n; j++ {
			deck = append(deck, j%staff)
		}
		r.Shuffle(n, func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
		for i := range c.Accounts {
			if a := &c.Accounts[i]; a.Segment == p.segment {
				a.CSM = csms[deck[0]].Name
				deck = deck[1:]
			}
		}
	}
}

// appendMoney appends cents as a plain decimal: whole dollars without a
// fraction, other amounts with two decimals.
func appendMoney(b []byte, cents int64) []byte {
	b = strconv.AppendInt(b, cents/100, 10)
	if f := cents % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10), byte('0'+f%10))
	}
	return b
}

// formatCents formats non-negative cents with two decimals, as ledger
// exports write amounts ("412500.00").
func formatCents(cents int64) string {
	b := strconv.AppendInt(nil, cents/100, 10)
	f := cents % 100
	return string(append(b, '.', byte('0'+f/10), byte('0'+f%10)))
}

// WriteAccounts writes accounts.csv: one row per account, sorted by ID.
func (c *Company) WriteAccounts(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.AccountsFile).Names()); err != nil {
		return err
	}
	rec := make([]string, 8)
	for i := range c.Accounts {
		a := &c.Accounts[i]
		since := ""
		if !a.SinceBlank && !a.Since.IsZero() {
			since = a.Since.Format(time.DateOnly)
		}
		rec[0], rec[1], rec[2], rec[3] = a.ID, a.Name, string(a.Segment), a.CSM
		rec[4], rec[5], rec[6], rec[7] = string(a.Engagement), a.Industry, a.Region, since
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteARRMonthly writes arr_monthly.csv: one row per account and month
// with ARR > 0, sorted by account ID and month.
func (c *Company) WriteARRMonthly(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.ARRMonthlyFile).Required()); err != nil {
		return err
	}
	rec := make([]string, 3)
	var buf []byte
	for i := range c.Accounts {
		a := &c.Accounts[i]
		rec[0] = a.ID
		// ARR changes rarely, so format each distinct value once.
		last := int64(-1)
		for m, v := range a.ARR {
			if v <= 0 {
				continue
			}
			if v != last {
				buf = appendMoney(buf[:0], v)
				rec[2], last = string(buf), v
			}
			rec[1] = c.Months[m]
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteFiles writes every extract of the company into dir, which must
// exist.
func (c *Company) WriteFiles(dir string) error {
	extracts := []struct {
		name  string
		write func(io.Writer) error
	}{
		{contract.AccountsFile, c.WriteAccounts},
		{contract.ARRMonthlyFile, c.WriteARRMonthly},
		{contract.CostsFile, c.WriteCosts},
		{contract.RevenueMonthlyFile, c.WriteRevenue},
		{contract.InitiativesFile, c.WriteInitiatives},
		{contract.AssessmentsFile, c.WriteAssessments},
		{contract.UsageFile, c.WriteUsage},
		{contract.TicketsFile, c.WriteTickets},
		{contract.ContactsFile, c.WriteContacts},
		{contract.RenewalsFile, c.WriteRenewals},
		{contract.NPSFile, c.WriteNPS},
		{contract.PipelineFile, c.WritePipeline},
	}
	errs := make([]error, len(extracts))
	for k, x := range extracts {
		errs[k] = writeFile(filepath.Join(dir, x.name), x.write)
	}
	return errors.Join(errs...)
}

// Write generates the company and writes its extracts into dir (which
// must exist): accounts.csv, arr_monthly.csv, cs_costs.csv,
// revenue_monthly.csv, initiatives.csv and assessments.csv, and the
// leading-indicator extracts usage_weekly.csv, tickets.csv, contacts.csv,
// renewals.csv, nps.csv and pipeline.csv.
func Write(dir string, opt Options) error {
	if err := opt.Validate(); err != nil {
		return err
	}
	return Generate(opt).WriteFiles(dir)
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	// csv.NewWriter reuses a *bufio.Writer of at least 4 KiB instead of
	// wrapping it again, so this large buffer is the only one.
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}
