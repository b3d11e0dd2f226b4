package report

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/metrics"
)

// TestLargestAccounts checks the selection of a book's largest accounts
// against the first n of a stable sort of the whole book, on books with
// many ties of size and of movement, smaller and larger than n.
func TestLargestAccounts(t *testing.T) {
	kinds := []metrics.Change{metrics.Churned, metrics.Contracted, metrics.Expanded, metrics.Won, metrics.Flat}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		changes := make([]metrics.AccountChange, r.IntN(60))
		for i := range changes {
			// Few distinct sizes, so that ties are the rule.
			changes[i] = metrics.AccountChange{
				Account: i, Start: money.Amount(r.IntN(5) * 100), End: money.Amount(r.IntN(5) * 100),
				Change: kinds[r.IntN(len(kinds))],
			}
		}
		n := 1 + r.IntN(40)
		t.Run(fmt.Sprintf("seed%d/%d of %d", seed, n, len(changes)), func(t *testing.T) {
			want := slices.Clone(changes)
			slices.SortStableFunc(want, func(x, y metrics.AccountChange) int {
				return cmp.Or(cmp.Compare(max(y.Start, y.End), max(x.Start, x.End)), cmp.Compare(changeOrder[x.Change], changeOrder[y.Change]))
			})
			want = want[:min(n, len(want))]
			if got := largestAccounts(changes, n); !slices.Equal(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}
