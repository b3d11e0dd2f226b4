package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// MaxBookRows caps a CSM page's account table: a pooled book can hold tens
// of thousands of accounts, and the page lists its largest.
const MaxBookRows = 250

// CSMIndexPage lists the CSM books of business.
type CSMIndexPage struct {
	Books Table
}

// CSMPage is one CSM's book of business: the components of its net
// retention and its accounts.
type CSMPage struct {
	Name     string
	Tiles    []Tile
	Accounts Table
	// The book's leading indicators and flagged accounts; empty without
	// the weekly extracts.
	Indicators []Tile
	AtRisk     *Table
}

// slug returns a file name for a CSM book, lower-case ASCII letters,
// digits and dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		out = "book"
	}
	return out
}

// csmLink returns a function giving the path of a CSM book's page from a
// page in folder from ("" for the site root, "csm/" or "indicators/").
func (b *builder) csmLink(from string) func(string) string {
	up := (&Page{Path: from + "page.html"}).Root()
	return func(key string) string {
		if from == "csm/" {
			return b.slugs[key] + ".html"
		}
		return up + "csm/" + b.slugs[key] + ".html"
	}
}

// books groups the accounts with ARR at the start or end of the trailing
// year by CSM book, and names each book's page. Every CSM with such an
// account gets a page, including books won entirely inside the window.
func (b *builder) books() (map[string][]metrics.AccountChange, []string) {
	books := map[string][]metrics.AccountChange{}
	for _, c := range b.r.Accounts {
		k := metrics.BookKey(b.h.Accounts[c.Account])
		books[k] = append(books[k], c)
	}
	keys := metrics.Keys(books)
	b.slugs = map[string]string{}
	used := map[string]bool{}
	for _, k := range keys {
		s := slug(groupLabel(k))
		for n := 2; used[s]; n++ {
			s = slug(groupLabel(k)) + "-" + strconv.Itoa(n)
		}
		used[s] = true
		b.slugs[k] = s
	}
	return books, keys
}

func (b *builder) csmPages() (CSMIndexPage, []*Page) {
	ret := b.r.Retention
	books, keys := b.books()
	parts := map[string]*metrics.Retention{}
	for _, k := range keys {
		if r := ret.CSM[k]; r != nil {
			parts[k] = r
		} else {
			parts[k] = &metrics.Retention{} // a book won inside the window has no cohort
		}
	}
	index := CSMIndexPage{Books: b.breakdownTable("CSM books of business, trailing 12 months", "CSM", parts, ret.T12M, b.csmLink("csm/"))}

	var pages []*Page
	for _, k := range keys {
		p := b.csmPage(k, parts[k], books[k])
		pages = append(pages, &Page{
			Path: "csm/" + b.slugs[k] + ".html", Template: "csm.html",
			Title: groupLabel(k), Nav: "csm", Data: p,
		})
	}
	return index, pages
}

func (b *builder) csmPage(key string, r *metrics.Retention, changes []metrics.AccountChange) CSMPage {
	var bookARR, wonARR money.Amount
	won := 0
	for _, c := range changes {
		bookARR += c.End
		if c.Change == metrics.Won {
			won++
			wonARR += c.End
		}
	}
	ret := b.r.Retention.T12M
	p := CSMPage{
		Name: groupLabel(key),
		Tiles: []Tile{
			{Label: "Net revenue retention", Value: format.Percent(r.NRR), Note: "company: " + format.Percent(ret.NRR)},
			{Label: "Gross revenue retention", Value: format.Percent(r.GRR), Note: "company: " + format.Percent(ret.GRR)},
			{Label: "Logo retention", Value: format.Percent(r.LogoRetention), Note: format.Count(r.RetainedAccounts) + " of " + format.Count(r.CohortAccounts) + " accounts"},
			{Label: "Book ARR now", Value: b.moneyShort(bookARR), Note: format.Count(won) + " new accounts, " + b.moneyShort(wonARR)},
		},
	}
	t := Table{
		Caption: "Accounts, " + ret.From.Label() + " → " + ret.To.Label(),
		Head:    heads("Account", "Segment", "ARR "+ret.From.Label(), "ARR "+ret.To.Label(), "Change", "Movement"),
	}
	t.Head[1].Num = false
	t.Head[5].Num = false
	if len(changes) > MaxBookRows {
		t.Note = "Showing the " + format.Count(MaxBookRows) + " largest of " + format.Count(len(changes)) + " accounts."
	}
	for _, c := range largestAccounts(changes, MaxBookRows) {
		a := b.h.Accounts[c.Account]
		t.Rows = append(t.Rows, []Cell{
			{Text: a.Name}, {Text: a.Segment},
			b.moneyCell(c.Start), b.moneyCell(c.End), b.moneyCell(c.End - c.Start),
			{Text: string(c.Change), Class: changeClass[c.Change]},
		})
	}
	p.Accounts = t
	p.Indicators, p.AtRisk = b.bookIndicators(key)
	return p
}

var changeClass = map[metrics.Change]string{
	metrics.Churned: "bad", metrics.Contracted: "bad", metrics.Expanded: "good", metrics.Won: "good",
}

// changeOrder orders accounts of the same size in a book's table: losses
// first.
var changeOrder = map[metrics.Change]int8{metrics.Churned: 0, metrics.Contracted: 1, metrics.Expanded: 2, metrics.Won: 3, metrics.Flat: 4}

// largestAccounts returns the n largest accounts of changes, by their ARR
// at the start or the end of the window, whichever is larger, then by
// changeOrder, then in the order of changes: the first n of a stable sort,
// selected rather than sorted whole, since a pooled book can hold tens of
// thousands of accounts and the page shows a few hundred.
func largestAccounts(changes []metrics.AccountChange, n int) []metrics.AccountChange {
	type ranked struct {
		size  money.Amount
		order int8
		i     int32
	}
	rank := func(x, y ranked) int {
		return cmp.Or(cmp.Compare(y.size, x.size), cmp.Compare(x.order, y.order), cmp.Compare(x.i, y.i))
	}
	keys := make([]ranked, len(changes))
	for i, c := range changes {
		keys[i] = ranked{max(c.Start, c.End), changeOrder[c.Change], int32(i)}
	}
	top := keys
	if len(keys) > n {
		// A heap of the n first so far, the last of them at its root.
		top = keys[:n:n]
		less := func(i, j int) bool { return rank(top[i], top[j]) > 0 }
		down := func(i int) {
			for {
				l := 2*i + 1
				if l >= n {
					return
				}
				if r := l + 1; r < n && less(r, l) {
					l = r
				}
				if !less(l, i) {
					return
				}
				top[i], top[l] = top[l], top[i]
				i = l
			}
		}
		for i := n/2 - 1; i >= 0; i-- {
			down(i)
		}
		for _, k := range keys[n:] {
			if rank(k, top[0]) < 0 {
				top[0] = k
				down(0)
			}
		}
	}
	slices.SortFunc(top, rank)
	out := make([]metrics.AccountChange, len(top))
	for i, k := range top {
		out[i] = changes[k.i]
	}
	return out
}
