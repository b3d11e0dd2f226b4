// Command parsefloor measures the floor that a build of arr_monthly.csv is
// held against: the least a program must do to read the file into figures.
// It reads the file whole, cuts it in one part per CPU at line ends, and
// parses each part on its own goroutine, by hand: the account id (interned,
// with the id of the row before compared first, since an account's rows
// come together), the month and the ARR in cents. It then sums the ARR by
// month over all accounts and prints the rows, the distinct accounts and
// the last month's total, so that nothing is optimised away. It checks
// nothing a build checks beyond what parsing needs.
//
// scripts/bench.sh runs it beside `boardpack build --no-pdf` on the same
// file:
//
//	go run ./scripts/parsefloor DATA/arr_monthly.csv
package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
)

// part is what one goroutine makes of its share of the file.
type part struct {
	ids   map[string]int32
	names []string
	rows  []row
}

// row is a parsed row: an interned account, a month, ARR in cents.
type row struct {
	acct  int32
	month int32
	cents int64
}

// month is a month as a count from year 0, as YYYY-MM gives it.
func month(b []byte) (int, bool) {
	if len(b) != 7 || b[4] != '-' {
		return 0, false
	}
	y := 0
	for _, c := range b[:4] {
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	m := int(b[5]-'0')*10 + int(b[6]-'0')
	if m < 1 || m > 12 {
		return 0, false
	}
	return y*12 + m - 1, true
}

// cents reads a plain decimal with at most two places.
func cents(b []byte) (int64, bool) {
	var n int64
	frac := -1
	for _, c := range b {
		switch {
		case c == '.' && frac < 0:
			frac = 0
		case c >= '0' && c <= '9':
			if frac >= 2 {
				return 0, false
			}
			n = n*10 + int64(c-'0')
			if frac >= 0 {
				frac++
			}
		default:
			return 0, false
		}
	}
	for frac < 2 {
		n *= 10
		frac++
	}
	return n, len(b) > 0
}

func parse(data []byte, p *part) error {
	var last []byte
	acct := int32(-1)
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		var l []byte
		if nl < 0 {
			l, data = data, nil
		} else {
			l, data = data[:nl], data[nl+1:]
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(l) == 0 {
			continue
		}
		c1 := bytes.IndexByte(l, ',')
		c2 := bytes.IndexByte(l[c1+1:], ',') + c1 + 1
		if c1 < 0 || c2 <= c1 {
			return fmt.Errorf("bad line %q", l)
		}
		id := l[:c1]
		if !bytes.Equal(id, last) {
			i, ok := p.ids[string(id)]
			if !ok {
				i = int32(len(p.names))
				p.names = append(p.names, string(id))
				p.ids[p.names[i]] = i
			}
			acct, last = i, id
		}
		m, ok := month(l[c1+1 : c2])
		if !ok {
			return fmt.Errorf("bad month in %q", l)
		}
		rest := l[c2+1:]
		if c := bytes.IndexByte(rest, ','); c >= 0 {
			rest = rest[:c]
		}
		a, ok := cents(rest)
		if !ok {
			return fmt.Errorf("bad amount in %q", l)
		}
		p.rows = append(p.rows, row{acct, int32(m), a})
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor arr_monthly.csv")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, data, _ = bytes.Cut(data, []byte("\n")) // the header
	n := runtime.GOMAXPROCS(0)
	parts := make([]part, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		end := len(data) * (i + 1) / n
		if i < n-1 {
			end += bytes.IndexByte(data[end:], '\n') + 1
		}
		chunk := data[:end]
		data = data[end:]
		parts[i].ids = map[string]int32{}
		parts[i].rows = make([]row, 0, len(chunk)/16) // rows are 20 bytes or more
		wg.Go(func() { errs[i] = parse(chunk, &parts[i]) })
	}
	wg.Wait()
	// The parts' accounts are numbered once, and their rows laid out in
	// an account by month matrix, as a build does.
	ids := map[string]int32{}
	first, last, rows := int32(1<<30), int32(0), 0
	for i := range parts {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, errs[i])
			os.Exit(1)
		}
		for _, r := range parts[i].rows {
			first, last = min(first, r.month), max(last, r.month)
		}
		rows += len(parts[i].rows)
	}
	months := int(last - first + 1)
	var global [][]int32
	for i := range parts {
		g := make([]int32, len(parts[i].names))
		for j, name := range parts[i].names {
			k, ok := ids[name]
			if !ok {
				k = int32(len(ids))
				ids[name] = k
			}
			g[j] = k
		}
		global = append(global, g)
	}
	matrix := make([]int64, len(ids)*months)
	for i := range parts {
		for _, r := range parts[i].rows {
			matrix[int(global[i][r.acct])*months+int(r.month-first)] += r.cents
		}
	}
	var total int64
	for a := range len(ids) {
		total += matrix[a*months+months-1]
	}
	m := int(last)
	fmt.Printf("%d rows, %d accounts, ARR %d.%02d at %04d-%02d\n", rows, len(ids), total/100, total%100, m/12, m%12+1)
}
