package metrics

// Subset returns the signals of the accounts of h for which keep is true,
// their Account fields renumbered to index h.Subset(keep), for a pack
// scoped to a segment or a CSM book. s must index h's accounts. The rows
// keep their order, so the result is sorted as s is.
//
// Inflow belongs to a segment, not to an account: a segment's pipeline
// rows are kept only when the subset holds every account of the segment
// (a segment pack), since a book of some of its accounts will receive an
// unknown share of it. An absent extract stays absent.
func (s *Signals) Subset(h *History, keep func(Account) bool) *Signals {
	if s == nil {
		return nil
	}
	index := make([]int32, len(h.Accounts)) // the new index, or -1
	whole := map[string]bool{}              // segment -> no account of it dropped
	next := int32(0)
	dropped := false
	for i, a := range h.Accounts {
		seg := orDefault(a.Segment, Unspecified)
		if _, seen := whole[seg]; !seen {
			whole[seg] = true
		}
		if keep(a) {
			index[i] = next
			next++
			continue
		}
		index[i] = -1
		whole[seg] = false
		dropped = true
	}
	out := &Signals{
		Usage:    keepRows(s.Usage, index, func(u *Usage) *int32 { return &u.Account }),
		Tickets:  keepRows(s.Tickets, index, func(t *Ticket) *int32 { return &t.Account }),
		Contacts: keepRows(s.Contacts, index, func(c *Contact) *int32 { return &c.Account }),
		Renewals: keepRows(s.Renewals, index, func(r *Renewal) *int32 { return &r.Account }),
		NPS:      keepRows(s.NPS, index, func(r *NPSResponse) *int32 { return &r.Account }),
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

// keepRows returns the rows whose account index maps to a new one,
// renumbered; nil stays nil.
func keepRows[T any](rows []T, index []int32, account func(*T) *int32) []T {
	if rows == nil {
		return nil
	}
	n := 0
	for j := range rows {
		if index[*account(&rows[j])] >= 0 {
			n++
		}
	}
	out := make([]T, 0, n)
	for _, r := range rows {
		if a := index[*account(&r)]; a >= 0 {
			*account(&r) = a
			out = append(out, r)
		}
	}
	return out
}
