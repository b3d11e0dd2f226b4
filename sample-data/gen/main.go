// Command gen regenerates the committed demo data in sample-data/.
//
// Run it from the repository root:
//
//	go run ./sample-data/gen
//
// The flags make bigger companies too, e.g. for benchmarks:
//
//	go run ./sample-data/gen -accounts 100000 -out big-data
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/boardpack/boardpack/internal/demo"
)

func main() {
	def := demo.DefaultOptions()
	var opt demo.Options
	flag.IntVar(&opt.Accounts, "accounts", def.Accounts, "number of accounts")
	flag.IntVar(&opt.Months, "months", def.Months, "number of months of ARR history")
	flag.StringVar(&opt.End, "end", def.End, "last month, YYYY-MM")
	flag.Uint64Var(&opt.Seed, "seed", def.Seed, "random seed")
	out := flag.String("out", "sample-data", "output directory, created if missing")
	flag.Parse()

	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := demo.Write(*out, opt); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
