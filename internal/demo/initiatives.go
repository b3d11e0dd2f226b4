package demo

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/boardpack/boardpack/internal/contract"
)

// Initiative is a CS Ops initiative that saves CSM hours.
type Initiative struct {
	Name         string
	Owner        string
	Launched     time.Time
	CSMsAffected int
	// HoursPerCSM is the hours saved per CSM per month in hundredths (650
	// is 6.5 hours), so that savings compute exactly in cents.
	HoursPerCSM int64
	HourlyCost  int64 // cents: loaded hourly cost of a CSM
	OneTimeCost int64 // cents
	MonthlyCost int64 // cents per month live
}

// The company's CS Ops initiatives, launched a number of months before the
// last month of the window so that every window has the same story: with
// the window ending 2026-10, three have paid back and the onboarding
// playbook, launched last and still ramping, has not. The loaded hourly
// cost, about $95, is a CSM's loaded monthly cost over some 126 working
// hours. Changing these rows changes the committed initiatives.csv.
var initiativePlans = []struct {
	name, owner    string
	monthsBefore   int // launch month, counted back from the last month
	day            int
	csms           int
	hours          int64 // hundredths of an hour per CSM per month
	hourly         int64 // cents
	oneTime, month int64 // cents
}{
	{"QBR deck automation", "Marco Bellini", 20, 10, 22, 650, 95_00, 18_000_00, 450_00},
	{"Renewal risk alerts", "Dana Whitaker", 18, 14, 22, 300, 95_00, 24_000_00, 1_200_00},
	{"Account data hub", "Dana Whitaker", 14, 4, 22, 500, 95_00, 85_000_00, 2_500_00},
	{"Onboarding playbook in the CS platform", "Marco Bellini", 7, 9, 13, 300, 92_50, 42_000_00, 900_00},
}

func initiativesOf(c *Company) []Initiative {
	last := len(c.Months) - 1
	out := make([]Initiative, len(initiativePlans))
	for i, p := range initiativePlans {
		out[i] = Initiative{
			Name:         p.name,
			Owner:        p.owner,
			Launched:     c.MonthStart(last-p.monthsBefore).AddDate(0, 0, p.day-1),
			CSMsAffected: p.csms,
			HoursPerCSM:  p.hours,
			HourlyCost:   p.hourly,
			OneTimeCost:  p.oneTime,
			MonthlyCost:  p.month,
		}
	}
	return out
}

// formatHundredths formats a non-negative number of hundredths without
// trailing zeros: 650 is "6.5", 400 is "4".
func formatHundredths(v int64) string {
	s := strconv.FormatInt(v/100, 10)
	switch f := v % 100; {
	case f == 0:
		return s
	case f%10 == 0:
		return s + "." + strconv.FormatInt(f/10, 10)
	default:
		return s + "." + strconv.FormatInt(f/10, 10) + strconv.FormatInt(f%10, 10)
	}
}

// WriteInitiatives writes initiatives.csv: one row per initiative, by
// launch date.
func (c *Company) WriteInitiatives(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contract.Of(contract.InitiativesFile).Names()); err != nil {
		return err
	}
	for _, in := range c.Initiatives {
		rec := []string{
			in.Name, in.Owner, in.Launched.Format(time.DateOnly), strconv.Itoa(in.CSMsAffected),
			formatHundredths(in.HoursPerCSM), formatCents(in.HourlyCost), formatCents(in.OneTimeCost),
			formatCents(in.MonthlyCost),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
