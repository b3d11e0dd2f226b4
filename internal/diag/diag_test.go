package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestIssueString(t *testing.T) {
	for _, c := range []struct {
		is   Issue
		want string
	}{
		{Issue{File: "accounts.csv", Line: 9, Column: "account_id", Msg: "duplicate"}, "accounts.csv:9:account_id: duplicate"},
		{Issue{File: "content/2026-W43.md", Line: 4, Column: "10", Msg: "unknown metric"}, "content/2026-W43.md:4:10: unknown metric"},
		{Issue{File: "f.md", Line: 3, Msg: "bad line"}, "f.md:3: bad line"},
		{Issue{File: "boardpack.toml", Msg: "unknown key x"}, "boardpack.toml: unknown key x"},
	} {
		if got := c.is.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

// A list keeps the first MaxShown, counts them all, and sorts by file,
// line and column, positions by number (9 before 10).
func TestList(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("an empty list is no error")
	}
	l.Addf("b.csv", 2, "arr", "second file")
	l.Addf("a.md", 1, "10", "column ten")
	l.Addf("a.md", 1, "9", "column nine")
	for i := range 60 {
		l.Addf("c.csv", 100-i, "", "row %d", i)
	}
	err := l.Err()
	var got *List
	if !errors.As(err, &got) || got.Total != 63 || len(got.Issues) != MaxShown {
		t.Fatalf("Err() = %v, want 63 problems with %d shown", err, MaxShown)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxShown+1 {
		t.Fatalf("%d lines, want %d and the count", len(lines), MaxShown)
	}
	for i, want := range []string{"a.md:1:9: column nine", "a.md:1:10: column ten", "b.csv:2:arr: second file", "c.csv:54: row 46"} {
		if lines[i] != want {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	if want := "... and 13 more (63 problems in all)"; lines[MaxShown] != want {
		t.Errorf("last line %q, want %q", lines[MaxShown], want)
	}

	var a, b List
	a.Addf("x", 2, "", "two")
	b.Addf("x", 1, "", "one")
	a.Merge(b)
	if fmt.Sprint(a.Sorted()) != "[x:1: one x:2: two]" || a.Total != 2 {
		t.Errorf("merged %v (%d), want both in line order", a.Issues, a.Total)
	}
}

func TestNearest(t *testing.T) {
	names := []string{"nrr", "grr", "logo_retention", "Mid-Market"}
	for _, c := range []struct{ s, want string }{
		{"nrx", "nrr"},
		{"logo_retension", "logo_retention"},
		{"mid-market", "Mid-Market"}, // case does not count
		{"churn", ""},                // nothing near
	} {
		if got := Nearest(c.s, names); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
