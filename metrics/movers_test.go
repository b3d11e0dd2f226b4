package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/money"
)

func TestWindowMovers(t *testing.T) {
	// The worked example as of 2026-06. Its trailing-year bridge
	// (2025-07..2026-06): d new at 50, a's expansion of 50, c's
	// contraction of 20, b's churn of 200.
	h := workedExample(t)
	r, err := retention(h, month(t, "2026-06"))
	if err != nil {
		t.Fatal(err)
	}
	got := WindowMovers(h, r.Bridge.T12M)
	want := Movers{
		New:         []Mover{{Account: 3, Start: 0, End: units(50), Amount: units(50)}},
		Expansion:   []Mover{{Account: 0, Start: units(100), End: units(150), Amount: units(50)}},
		Contraction: []Mover{{Account: 2, Start: units(100), End: units(80), Amount: units(20)}},
		Churn:       []Mover{{Account: 1, Start: units(200), End: 0, Amount: units(200)}},
	}
	for _, c := range []struct {
		name      string
		got, want []Mover
	}{
		{"new", got.New, want.New}, {"expansion", got.Expansion, want.Expansion}, {"reactivation", got.Reactivation, want.Reactivation},
		{"contraction", got.Contraction, want.Contraction}, {"churn", got.Churn, want.Churn},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
	// The month alone: a's expansion only.
	if m := WindowMovers(h, r.Bridge.Month); len(m.Expansion) != 1 || m.Expansion[0].Account != 0 || len(m.Churn)+len(m.New)+len(m.Contraction) != 0 {
		t.Errorf("month movers = %+v, want a's expansion alone", m)
	}
}

func TestWindowMoversAddUp(t *testing.T) {
	// On random histories with churn and returns, every window's movers
	// add up to its bridge, movement by movement, and are largest first.
	rng := rand.New(rand.NewPCG(7, 8))
	accounts := make([]acct, 300)
	for i := range accounts {
		arr := make([]int64, 24)
		v := int64(rng.IntN(3)) * 100
		for k := range arr {
			switch rng.IntN(6) {
			case 0:
				v = 0
			case 1:
				v += int64(rng.IntN(50))
			case 2:
				v = max(v-int64(rng.IntN(50)), 0)
			case 3:
				if v == 0 {
					v = int64(10 + rng.IntN(100))
				}
			}
			arr[k] = v
		}
		accounts[i] = acct{Account{ID: string(rune(0x100 + i))}, arr}
	}
	h := history(t, "2025-01", accounts...)
	r, err := retention(h, h.Last())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []Bridge{r.Bridge.Month, r.Bridge.Quarter, r.Bridge.T12M} {
		m := WindowMovers(h, b)
		for _, c := range []struct {
			name   string
			movers []Mover
			want   money.Amount
		}{
			{"new", m.New, b.New}, {"expansion", m.Expansion, b.Expansion}, {"reactivation", m.Reactivation, b.Reactivation},
			{"contraction", m.Contraction, b.Contraction}, {"churn", m.Churn, b.Churn},
		} {
			if got := Sum(c.movers); got != c.want {
				t.Errorf("%s to %s: %s movers sum to %s, want %s", b.From, b.To, c.name, got, c.want)
			}
			if !slices.IsSortedFunc(c.movers, func(x, y Mover) int { return int(y.Amount - x.Amount) }) {
				t.Errorf("%s to %s: %s movers not largest first", b.From, b.To, c.name)
			}
		}
	}
}
