package metrics

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// median returns the middle of sorted values, the mean of the two middle
// ones for an even count, and undefined for none.
func median(sorted []float64) Number { return percentile(sorted, 0.5) }

// percentile returns the p-quantile (0 <= p <= 1) of sorted values by
// linear interpolation between the closest ranks, the method numpy and
// spreadsheets use by default: the rank is h = (n-1)p, and the value lies
// between the values of ranks floor(h) and floor(h)+1 in proportion. The
// 0.5-quantile is the median. It is undefined for no values.
func percentile(sorted []float64, p float64) Number {
	n := len(sorted)
	if n == 0 {
		return Number{}
	}
	h := float64(n-1) * p
	lo := int(h)
	if lo >= n-1 {
		return Number{Value: sorted[n-1], OK: true}
	}
	frac := h - float64(lo)
	return Number{Value: sorted[lo] + frac*(sorted[lo+1]-sorted[lo]), OK: true}
}

// weighted is a weighted mean in the making: accounts weighted by ARR.
type weighted struct {
	w, wv float64 // the sum of weights, and of weight times value
}

func (s *weighted) add(w, v float64) {
	s.w += w
	s.wv += w * v
}

func (s *weighted) merge(o weighted) {
	s.w += o.w
	s.wv += o.wv
}

// ratio returns the weighted mean, undefined when nothing weighed in.
func (s weighted) ratio() Ratio {
	if s.w == 0 {
		return Ratio{}
	}
	return Ratio{Value: s.wv / s.w, OK: true}
}

// parallel calls f for every index below n on all processors. Each index
// is a fixed piece of work whose results the caller keeps apart and
// combines in index order afterwards, so the output does not depend on
// how the work was scheduled.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
