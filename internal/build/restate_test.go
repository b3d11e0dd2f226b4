//go:build unix

package build

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/boardpack/boardpack/internal/archive"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/internal/report"
	"github.com/boardpack/boardpack/metrics"
)

// company100k returns 100,000 accounts over 36 months ending at last, in
// ten segments and 2,000 CSM books, whose ARR moves now and then.
func company100k(last period.Month) *metrics.History {
	const n, months = 100_000, 36
	rng := rand.New(rand.NewPCG(1, 2))
	accounts := make([]metrics.Account, n)
	for i := range accounts {
		accounts[i] = metrics.Account{ID: "A" + strconv.Itoa(i), Segment: "S" + strconv.Itoa(i%10), CSM: "CSM" + strconv.Itoa(i%2000)}
	}
	h := metrics.NewHistory(accounts, last.Add(-months+1), months)
	for i := range accounts {
		start := rng.IntN(months)
		arr := money.FromUnits(int64(1000 + rng.IntN(200_000)))
		for k := start; k < months; k++ {
			switch r := rng.IntN(100); {
			case r < 2:
				arr = 0
			case r < 8:
				arr += arr / 10
			case r < 11:
				arr -= arr / 10
			}
			h.Add(i, h.First.Add(k), arr)
		}
	}
	return h
}

// BenchmarkRestate100k measures what the restatement check adds to a
// build with 52 weeks of history of a 100,000-account company: comparing
// every figure the periods published with the data and writing the
// period's per-account ARR. "clean" finds nothing changed; "restated"
// finds a late correction of one account's ARR and reads the publishing
// period's per-account ARR to name it. The periods' metrics.json are read
// by the build with or without the check (for the history page), so the
// scan is outside the timing.
func BenchmarkRestate100k(b *testing.B) {
	asOf := period.New(2026, 10)
	h := company100k(asOf)
	out := b.TempDir()
	// 52 weekly periods, 4 or 5 a month, the last as of asOf.
	week := period.AsOfMonth(asOf).Week
	results := map[period.Month][]byte{}
	for k := range 52 {
		w := week - period.Week(51-k)
		m := period.AsOfDay(w.Sunday()).Month
		js, ok := results[m]
		if !ok {
			res, err := metrics.Compute(metrics.Inputs{History: h}, period.AsOfMonth(m))
			if err != nil {
				b.Fatal(err)
			}
			js, _ = json.Marshal(res)
			results[m] = js
		}
		dir := filepath.Join(out, archive.Name(w))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "metrics.json"), js, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, archive.ARRFile), archive.EncodeARR(h, m), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	periods, err := archive.Scan(out)
	if err != nil {
		b.Fatal(err)
	}
	if len(periods) != 52 {
		b.Fatalf("%d periods, want 52", len(periods))
	}
	run := func(b *testing.B, h *metrics.History, want int) {
		res, err := metrics.Compute(metrics.Inputs{History: h}, period.AsOfMonth(asOf))
		if err != nil {
			b.Fatal(err)
		}
		in := report.Input{Result: res}
		o := Options{Out: out}
		// The machine may be shared: the CPU time a check takes says
		// more of its cost than the wall time.
		var before, after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		for b.Loop() {
			if err := restate(o, periods, &in); err != nil {
				b.Fatal(err)
			}
			_ = archive.EncodeARR(h, asOf)
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
		if len(in.Restatements) < want || want == 0 && len(in.Restatements) > 0 {
			b.Fatalf("%d restatements, want %d or more", len(in.Restatements), want)
		}
		if want > 0 && in.Restatements[0].AccountsChanged != 1 {
			b.Fatalf("restatement %+v: want one account behind it", in.Restatements[0])
		}
	}
	b.Run("clean", func(b *testing.B) { run(b, h, 0) })
	b.Run("restated", func(b *testing.B) {
		i := 0
		for h.ARR(i, asOf.Add(-1)) == 0 {
			i++
		}
		h.Add(i, asOf.Add(-1), money.FromUnits(1)) // a late correction of last month
		run(b, h, 1)
	})
}
