package metrics

// Subset returns the signals of the accounts of h for which keep is true,
// their Account fields renumbered to index h.Subset(keep), for a pack
// scoped to a segment or a CSM book. s must index h's accounts, its rows
// sorted by account as Signals says. The rows keep their order, so the
// result is sorted as s is.
//
// Inflow belongs to a segment, not to an account: a segment's pipeline
// rows are kept only when the subset holds every account of the segment
// (a segment pack), since a book of some of its accounts will receive an
// unknown share of it. An absent extract stays absent.
func (s *Signals) Subset(h *History, keep func(Account) bool) *Signals {
	return s.Splitter(h).Subset(keep)
}

// A Splitter cuts one company's signals into the subsets of its scoped
// packs. It finds where each account's rows start once, so that every
// subset costs the rows it keeps: a build of a thousand CSM books' packs
// does not read every row a thousand times.
type Splitter struct {
	s *Signals
	h *History
	// The offsets of each extract: account i's rows are [off[i], off[i+1]).
	usage, tickets, contacts, renewals, nps []int
}

// Splitter returns a Splitter of s, whose rows index h's accounts; nil
// when s is.
func (s *Signals) Splitter(h *History) *Splitter {
	if s == nil {
		return nil
	}
	n := len(h.Accounts)
	return &Splitter{
		s: s, h: h,
		usage:    offsets(s.Usage, n, func(u *Usage) int32 { return u.Account }),
		tickets:  offsets(s.Tickets, n, func(t *Ticket) int32 { return t.Account }),
		contacts: offsets(s.Contacts, n, func(c *Contact) int32 { return c.Account }),
		renewals: offsets(s.Renewals, n, func(r *Renewal) int32 { return r.Account }),
		nps:      offsets(s.NPS, n, func(r *NPSResponse) int32 { return r.Account }),
	}
}

// offsets returns where each of n accounts' rows start in rows, which are
// sorted by account, and len(rows) last.
func offsets[T any](rows []T, n int, account func(*T) int32) []int {
	if rows == nil {
		return nil
	}
	off := make([]int, n+1)
	for j := range rows {
		off[account(&rows[j])+1]++
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	return off
}

// Subset returns the signals of the accounts for which keep is true, as
// Signals.Subset does.
func (p *Splitter) Subset(keep func(Account) bool) *Signals {
	if p == nil {
		return nil
	}
	h, s := p.h, p.s
	var kept []int32           // old indexes, in order
	whole := map[string]bool{} // segment -> no account of it dropped
	dropped := false
	for i, a := range h.Accounts {
		seg := orDefault(a.Segment, Unspecified)
		if _, seen := whole[seg]; !seen {
			whole[seg] = true
		}
		if keep(a) {
			kept = append(kept, int32(i))
			continue
		}
		whole[seg] = false
		dropped = true
	}
	out := &Signals{
		Usage:    keepRows(s.Usage, p.usage, kept, func(u *Usage, a int32) { u.Account = a }),
		Tickets:  keepRows(s.Tickets, p.tickets, kept, func(t *Ticket, a int32) { t.Account = a }),
		Contacts: keepRows(s.Contacts, p.contacts, kept, func(c *Contact, a int32) { c.Account = a }),
		Renewals: keepRows(s.Renewals, p.renewals, kept, func(r *Renewal, a int32) { r.Account = a }),
		NPS:      keepRows(s.NPS, p.nps, kept, func(r *NPSResponse, a int32) { r.Account = a }),
	}
	if s.Pipeline != nil {
		out.Pipeline = []Inflow{}
		for _, in := range s.Pipeline {
			// A segment without accounts is whole only when nothing at all
			// was dropped.
			w, ok := whole[orDefault(in.Segment, Unspecified)]
			if (ok && w) || (!ok && !dropped) {
				out.Pipeline = append(out.Pipeline, in)
			}
		}
	}
	return out
}

// keepRows copies the rows of the kept accounts, each account's rows a
// run found by its offsets, renumbered to the account's place in kept;
// nil stays nil.
func keepRows[T any](rows []T, off []int, kept []int32, renumber func(*T, int32)) []T {
	if rows == nil {
		return nil
	}
	n := 0
	for _, a := range kept {
		n += off[a+1] - off[a]
	}
	out := make([]T, 0, n)
	for to, a := range kept {
		start := len(out)
		out = append(out, rows[off[a]:off[a+1]]...)
		for j := start; j < len(out); j++ {
			renumber(&out[j], int32(to))
		}
	}
	return out
}
