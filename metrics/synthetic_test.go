package metrics

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
)

// synthetic returns n accounts over 24 months to October 2026 with a year
// of weekly usage, ten tickets, three contacts, two renewals and about one
// NPS response each, sorted as the loader sorts them, drawn from a fixed
// PCG seed.
func synthetic(n int, seed uint64) (*History, *Signals, period.Day) {
	rng := rand.New(rand.NewPCG(seed, 2026))
	asOf := period.New(2026, time.October).LastDay()
	first := period.New(2024, time.November)
	const months = 24
	segments := []string{"Enterprise", "Mid-Market", "SMB"}
	accounts := make([]Account, n)
	for i := range accounts {
		g := segments[min(rng.IntN(10)/3, 2)] // 30% each of the first two, 40% SMB
		a := Account{ID: fmt.Sprintf("A%06d", i), Name: fmt.Sprintf("Account %d", i), Segment: g}
		if g != "SMB" || rng.IntN(2) == 0 {
			a.CSM = fmt.Sprintf("CSM %03d", rng.IntN(n/60+1))
		}
		accounts[i] = a
	}
	h := NewHistory(accounts, first, months)
	for i := range accounts {
		start := rng.IntN(months / 2)
		end := months
		if rng.IntN(5) == 0 {
			end = start + 1 + rng.IntN(months-start)
		}
		arr := money.FromUnits(int64(5_000 + rng.IntN(200_000)))
		for k := start; k < end; k++ {
			h.Add(i, first.Add(k), arr)
		}
	}

	last := period.LastCompleteWeek(asOf)
	s := &Signals{
		Usage:    make([]Usage, 0, n*52),
		Tickets:  make([]Ticket, 0, n*10),
		Contacts: make([]Contact, 0, n*3),
		Renewals: make([]Renewal, 0, n*2),
		NPS:      make([]NPSResponse, 0, n),
	}
	roles := []string{RoleBuyer, RoleChampion, RolePowerUser, RoleOther}
	from := (asOf - 364).Unix()
	for i := range accounts {
		a := int32(i)
		seats := int32(5 + rng.IntN(200))
		users := seats / 2
		for w := last - 51; w <= last; w++ {
			users = max(0, min(seats, users+int32(rng.IntN(11))-5))
			s.Usage = append(s.Usage, Usage{Account: a, Week: w, ActiveUsers: users, Seats: seats, KeyEvents: -1})
		}
		opened := make([]int64, 10)
		for k := range opened {
			opened[k] = from + rng.Int64N(365*86400)
		}
		slices.Sort(opened)
		for _, o := range opened {
			t := Ticket{Account: a, Opened: o, FirstResponse: NotYet, Resolved: NotYet, Priority: int8(rng.IntN(5)), CSAT: -1}
			if rng.IntN(50) == 0 {
				t.Priority = P0
			}
			if rng.IntN(10) != 0 {
				t.FirstResponse = o + rng.Int64N(48*3600)
				if rng.IntN(5) != 0 {
					t.Resolved = t.FirstResponse + rng.Int64N(200*3600)
				}
			}
			s.Tickets = append(s.Tickets, t)
		}
		for k := range 3 {
			ct := Contact{Account: a, ID: fmt.Sprint(k), Role: roles[rng.IntN(len(roles))], Depth: 3, Active: true, LeftOn: period.NoDay}
			if rng.IntN(10) == 0 {
				ct.Active, ct.LeftOn = false, asOf-period.Day(rng.IntN(365))
			}
			s.Contacts = append(s.Contacts, ct)
		}
		past := asOf - period.Day(rng.IntN(365))
		outcome := OutcomeRenewed
		if rng.IntN(8) == 0 {
			outcome = OutcomeChurned
		}
		forecasts := []string{ForecastCommit, ForecastLikely, ForecastAtRisk}
		s.Renewals = append(s.Renewals,
			Renewal{Account: a, Date: past, ARR: h.ARR(i, h.Last()), Forecast: ForecastCommit, Outcome: outcome},
			Renewal{Account: a, Date: past + 365, ARR: h.ARR(i, h.Last()), Forecast: forecasts[rng.IntN(3)], Outcome: OutcomeOpen})
		if rng.IntN(4) != 0 {
			s.NPS = append(s.NPS, NPSResponse{Account: a, Date: asOf - period.Day(rng.IntN(365)), Score: int8(rng.IntN(11))})
		}
	}
	for m := h.Last() - 5; m <= h.Last()+6; m++ {
		for _, g := range segments {
			s.Pipeline = append(s.Pipeline, Inflow{Month: m, Segment: g, NewAccounts: int64(rng.IntN(200)), ARR: money.FromUnits(int64(rng.IntN(1_000_000)))})
		}
	}
	return h, s, asOf
}

func BenchmarkIndicators100k(b *testing.B) {
	h, s, asOf := synthetic(100_000, 1)
	cfg := DefaultIndicatorConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Indicators(h, s, cfg, asOf)
	}
}
