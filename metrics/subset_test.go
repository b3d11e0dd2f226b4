package metrics

import (
	"math"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/period"
)

func TestSignalsSubset(t *testing.T) {
	h := history(t, "2026-10",
		acct{Account{ID: "a", Segment: "SMB", CSM: "Ana"}, []int64{100}},
		acct{Account{ID: "b", Segment: "Enterprise", CSM: "Ana"}, []int64{100}},
		acct{Account{ID: "c", Segment: "SMB"}, []int64{100}},
		acct{Account{ID: "d", Segment: "Enterprise"}, []int64{100}},
	)
	s := &Signals{
		Usage:    []Usage{{Account: 0, Week: 1}, {Account: 0, Week: 2}, {Account: 1, Week: 1}, {Account: 2, Week: 1}},
		Tickets:  []Ticket{{Account: 1, Opened: 5}, {Account: 2, Opened: 6}, {Account: 2, Opened: 7}},
		Contacts: []Contact{{Account: 0, ID: "x"}, {Account: 3, ID: "y"}},
		Renewals: []Renewal{{Account: 2, Date: 9}},
		NPS:      []NPSResponse{{Account: 1, Score: 10}},
		Pipeline: []Inflow{{Segment: "Enterprise", NewAccounts: 1}, {Segment: "Partners", NewAccounts: 2}, {Segment: "SMB", NewAccounts: 3}},
	}
	smb := func(a Account) bool { return a.Segment == "SMB" }
	sub := s.Subset(h, smb)
	hs := h.Subset(smb)
	if hs.Accounts[0].ID != "a" || hs.Accounts[1].ID != "c" {
		t.Fatalf("history subset = %+v", hs.Accounts)
	}
	// a becomes 0 and c 1.
	if len(sub.Usage) != 3 || sub.Usage[0] != (Usage{Account: 0, Week: 1}) || sub.Usage[1] != (Usage{Account: 0, Week: 2}) || sub.Usage[2] != (Usage{Account: 1, Week: 1}) {
		t.Errorf("usage = %+v", sub.Usage)
	}
	if len(sub.Tickets) != 2 || sub.Tickets[0].Account != 1 || sub.Tickets[0].Opened != 6 || sub.Tickets[1].Opened != 7 {
		t.Errorf("tickets = %+v", sub.Tickets)
	}
	if len(sub.Contacts) != 1 || sub.Contacts[0].ID != "x" || sub.Contacts[0].Account != 0 {
		t.Errorf("contacts = %+v", sub.Contacts)
	}
	if len(sub.Renewals) != 1 || sub.Renewals[0].Account != 1 {
		t.Errorf("renewals = %+v", sub.Renewals)
	}
	// The extract is present, with no row for the segment.
	if sub.NPS == nil || len(sub.NPS) != 0 {
		t.Errorf("NPS = %#v, want present and empty", sub.NPS)
	}
	// SMB is whole; Partners has no account and others were dropped.
	if len(sub.Pipeline) != 1 || sub.Pipeline[0].Segment != "SMB" {
		t.Errorf("pipeline = %+v", sub.Pipeline)
	}
	if s.Tickets[1].Account != 2 {
		t.Error("Subset changed the signals it was given")
	}

	// Ana's book holds part of each segment: no segment's inflow.
	ana := s.Subset(h, func(a Account) bool { return a.CSM == "Ana" })
	if ana.Pipeline == nil || len(ana.Pipeline) != 0 || len(ana.NPS) != 1 || ana.NPS[0].Account != 1 {
		t.Errorf("Ana's book: pipeline %+v, NPS %+v", ana.Pipeline, ana.NPS)
	}
	all := s.Subset(h, func(Account) bool { return true })
	if len(all.Pipeline) != 3 || len(all.Usage) != 4 || all.Tickets[2].Account != 2 {
		t.Errorf("everything = %+v", all)
	}
	if got := (&Signals{Usage: s.Usage}).Subset(h, smb); got.Tickets != nil || got.Pipeline != nil {
		t.Errorf("absent extracts became present: %+v", got)
	}
	var none *Signals
	if none.Subset(h, smb) != nil {
		t.Error("no signals gave some")
	}
}

// TestSubsetIsSegment checks that a segment's pack shows what the company
// report shows for the segment.
func TestSubsetIsSegment(t *testing.T) {
	h, s, asOf := synthetic(3000, 11)
	cfg := DefaultIndicatorConfig()
	full := Indicators(h, s, cfg, asOf)
	for _, seg := range []string{"Enterprise", "SMB"} {
		keep := func(a Account) bool { return a.Segment == seg }
		r := Indicators(h.Subset(keep), s.Subset(h, keep), cfg, asOf)
		same := func(what string, a, b Ratio) {
			if a.OK != b.OK || math.Abs(a.Value-b.Value) > 1e-9 {
				t.Errorf("%s %s: %+v in the pack, %+v in the company report", seg, what, a, b)
			}
		}
		u, fu := r.Usage.UsageFigures, full.Usage.BySegment[seg]
		same("utilisation", u.SeatUtilisation, fu.SeatUtilisation)
		same("trend", u.Trend, fu.Trend)
		if u.Accounts != fu.Accounts {
			t.Errorf("%s accounts with usage %d, %d", seg, u.Accounts, fu.Accounts)
		}
		if r.Support.SupportFigures != full.Support.BySegment[seg] {
			t.Errorf("%s support %+v, %+v", seg, r.Support.SupportFigures, full.Support.BySegment[seg])
		}
		if r.Relationships.RelationshipFigures != full.Relationships.BySegment[seg] {
			t.Errorf("%s relationships %+v, %+v", seg, r.Relationships.RelationshipFigures, full.Relationships.BySegment[seg])
		}
		if len(r.Pipeline.BySegment) != 1 || r.Pipeline.BySegment[0] != full.Pipeline.BySegment[segIndex(full.Pipeline, seg)] {
			t.Errorf("%s pipeline %+v", seg, r.Pipeline.BySegment)
		}
	}
}

func segIndex(p *PipelineReport, seg string) int {
	for k, s := range p.BySegment {
		if s.Segment == seg {
			return k
		}
	}
	return -1
}

// TestSplitterReused cuts one company into every CSM book with one
// Splitter: each book gets the same rows as a Subset of its own, and the
// books' rows add up to the company's.
func TestSplitterReused(t *testing.T) {
	var accounts []acct
	var usage []Usage
	var tickets []Ticket
	for i := range 12 {
		accounts = append(accounts, acct{Account{ID: string(rune('a' + i)), CSM: []string{"Ana", "Ben", "Cy"}[i%3]}, []int64{100}})
		for w := range i % 4 { // accounts 0, 4 and 8 have no usage
			usage = append(usage, Usage{Account: int32(i), Week: 10 + period.Week(w), ActiveUsers: int32(i)})
		}
		if i%5 == 0 {
			tickets = append(tickets, Ticket{Account: int32(i), Opened: int64(i)})
		}
	}
	h := history(t, "2026-10", accounts...)
	s := &Signals{Usage: usage, Tickets: tickets}
	split := s.Splitter(h)
	rows := 0
	for _, csm := range []string{"Ana", "Ben", "Cy"} {
		keep := func(a Account) bool { return a.CSM == csm }
		got, want := split.Subset(keep), s.Subset(h, keep)
		if !slices.Equal(got.Usage, want.Usage) || !slices.Equal(got.Tickets, want.Tickets) {
			t.Errorf("%s: splitter %+v, subset %+v", csm, got, want)
		}
		// Ben holds accounts 1, 4, 7, 10: 1 + 0 + 3 + 2 weeks of usage,
		// renumbered 0 to 3.
		if csm == "Ben" {
			want := []Usage{{Account: 0, Week: 10, ActiveUsers: 1}, {Account: 2, Week: 10, ActiveUsers: 7}, {Account: 2, Week: 11, ActiveUsers: 7},
				{Account: 2, Week: 12, ActiveUsers: 7}, {Account: 3, Week: 10, ActiveUsers: 10}, {Account: 3, Week: 11, ActiveUsers: 10}}
			if !slices.Equal(got.Usage, want) {
				t.Errorf("Ben's usage = %+v, want %+v", got.Usage, want)
			}
			if len(got.Tickets) != 1 || got.Tickets[0] != (Ticket{Account: 3, Opened: 10}) {
				t.Errorf("Ben's tickets = %+v", got.Tickets)
			}
		}
		rows += len(got.Usage)
	}
	if rows != len(usage) {
		t.Errorf("the books hold %d usage rows, the company %d", rows, len(usage))
	}
}
