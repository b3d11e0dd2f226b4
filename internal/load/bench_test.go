package load

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// benchFolder writes a data folder of the size the budget is set for:
// accounts accounts with three years of ARR, a year of weekly usage each
// (52 rows an account), tickets tickets in the order they were opened, and
// the small leading-indicator files.
func benchFolder(b *testing.B, accounts, tickets int) string {
	b.Helper()
	dir := b.TempDir()
	r := rand.New(rand.NewPCG(42, 7))
	write := func(name string, fill func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		fill(w)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	segments := []string{"Enterprise", "Mid-Market", "SMB"}
	write(AccountsFile, func(w *bufio.Writer) {
		w.WriteString("account_id,account_name,segment,csm\n")
		for a := range accounts {
			fmt.Fprintf(w, "A%06d,Account %d,%s,CSM %d\n", a, a, segments[a%3], a%150)
		}
	})
	write(ARRMonthlyFile, func(w *bufio.Writer) {
		w.WriteString("account_id,month,arr\n")
		for a := range accounts {
			arr := 1000 + r.IntN(200000)
			for m := range 36 {
				fmt.Fprintf(w, "A%06d,%04d-%02d,%d.%02d\n", a, 2024+m/12, m%12+1, arr, r.IntN(100))
			}
		}
	})
	write(UsageFile, func(w *bufio.Writer) {
		w.WriteString("account_id,week,active_users,licensed_seats,key_events\n")
		for a := range accounts {
			seats := 5 + r.IntN(500)
			for wk := range 52 {
				fmt.Fprintf(w, "A%06d,2026-W%02d,%d,%d,%d\n", a, wk+1, r.IntN(seats+1), seats, r.IntN(100000))
			}
		}
	})
	write(TicketsFile, func(w *bufio.Writer) {
		w.WriteString("ticket_id,account_id,opened_at,first_response_at,resolved_at,priority,category,csat\n")
		start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC).Unix()
		step := int64(365*86400) / int64(tickets)
		categories := []string{"billing", "bug", "how-to", "integration", "access"}
		priorities := []string{"P0", "P1", "P2", "P3", "low", "high"}
		for i := range tickets {
			opened := start + int64(i)*step
			response := time.Unix(opened+int64(r.IntN(86400)), 0).UTC().Format(time.RFC3339)
			resolved := ""
			if r.IntN(10) > 0 {
				resolved = time.Unix(opened+int64(r.IntN(14*86400)), 0).UTC().Format(time.RFC3339)
			}
			csat := ""
			if r.IntN(3) == 0 {
				csat = fmt.Sprint(1 + r.IntN(5))
			}
			fmt.Fprintf(w, "T%08d,A%06d,%s,%s,%s,%s,%s,%s\n", i, r.IntN(accounts),
				time.Unix(opened, 0).UTC().Format(time.RFC3339), response, resolved,
				priorities[r.IntN(len(priorities))], categories[r.IntN(len(categories))], csat)
		}
	})
	write(ContactsFile, func(w *bufio.Writer) {
		w.WriteString("account_id,contact_id,role,depth,active,left_on\n")
		roles := []string{"buyer", "champion", "power_user", "other"}
		for a := range accounts {
			for c := range 3 {
				left := ""
				if r.IntN(10) == 0 {
					left = fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(10), 1+r.IntN(28))
				}
				fmt.Fprintf(w, "A%06d,C%d,%s,%d,%t,%s\n", a, c, roles[r.IntN(4)], 1+r.IntN(5), left == "", left)
			}
		}
	})
	write(RenewalsFile, func(w *bufio.Writer) {
		w.WriteString("account_id,renewal_date,arr_up,forecast,outcome\n")
		forecasts := []string{"commit", "likely", "at_risk"}
		outcomes := []string{"renewed", "churned", "open"}
		for a := range accounts {
			fmt.Fprintf(w, "A%06d,2026-%02d-%02d,%d.00,%s,%s\n", a, 1+r.IntN(12), 1+r.IntN(28), 1000+r.IntN(200000),
				forecasts[r.IntN(3)], outcomes[r.IntN(3)])
		}
	})
	write(NPSFile, func(w *bufio.Writer) {
		w.WriteString("account_id,date,score\n")
		for range accounts / 2 {
			fmt.Fprintf(w, "A%06d,2026-%02d-%02d,%d\n", r.IntN(accounts), 1+r.IntN(10), 1+r.IntN(28), r.IntN(11))
		}
	})
	write(PipelineFile, func(w *bufio.Writer) {
		w.WriteString("expected_close_month,segment,new_accounts,arr\n")
		for m := range 12 {
			for _, s := range segments {
				fmt.Fprintf(w, "2026-%02d,%s,%d,%d.00\n", m+1, s, r.IntN(50), r.IntN(2000000))
			}
		}
	})
	return dir
}

// BenchmarkSignals loads a folder of 100,000 accounts: 3.6M rows of ARR,
// 5.2M rows of usage, 1M tickets, 300,000 contacts, 100,000 renewals and
// 50,000 NPS responses. Besides time and allocations it reports the peak
// RSS of the process, which includes writing the folder.
func BenchmarkSignals(b *testing.B) {
	dir := benchFolder(b, 100_000, 1_000_000)
	runtime.GC()
	for b.Loop() {
		ds, err := Load(dir, Options{Currency: "USD"})
		if err != nil {
			b.Fatal(err)
		}
		if s := ds.Signals; len(s.Usage) != 5_200_000 || len(s.Tickets) != 1_000_000 {
			b.Fatalf("%d usage rows and %d tickets", len(s.Usage), len(s.Tickets))
		}
	}
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
}
