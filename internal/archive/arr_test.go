package archive

import (
	"testing"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

func TestARRRoundTrip(t *testing.T) {
	first := period.New(2026, 1)
	accounts := []metrics.Account{{ID: "a", Name: "Alder"}, {ID: "never"}, {ID: "b"}, {ID: "ünï"}}
	h := metrics.NewHistory(accounts, first, 6)
	for k, v := range []int64{100, 100, 150, 150, 0, 20} {
		h.Add(0, first.Add(k), money.Amount(v))
	}
	h.Add(2, first.Add(5), 99_999_999_99)
	h.Add(3, first, 1)
	// The last month kept is the as-of month, before the history ends.
	data := EncodeARR(h, first.Add(4))
	got, err := DecodeARR(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.First != first || got.Months != 5 {
		t.Fatalf("months %s + %d, want %s + 5", got.First, got.Months, first)
	}
	// b has no ARR up to the as-of month, nor has "never": neither is kept.
	if len(got.Accounts) != 2 || got.Accounts[0].ID != "a" || got.Accounts[1].ID != "ünï" {
		t.Fatalf("accounts %+v, want a and ünï", got.Accounts)
	}
	for k := range 5 {
		m := first.Add(k)
		if got.ARR(0, m) != h.ARR(0, m) || got.ARR(1, m) != h.ARR(3, m) {
			t.Errorf("%s: ARR %s, %s; want %s, %s", m, got.ARR(0, m), got.ARR(1, m), h.ARR(0, m), h.ARR(3, m))
		}
	}
	// Deterministic, and every truncation is refused rather than misread.
	if string(EncodeARR(h, first.Add(4))) != string(data) {
		t.Error("EncodeARR is not deterministic")
	}
	for n := range len(data) {
		if _, err := DecodeARR(data[:n]); err == nil {
			t.Errorf("DecodeARR of the first %d of %d bytes: no error", n, len(data))
		}
	}
}
