package archive

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// ARRFile is the file of a period's folder that keeps every account's ARR
// at the end of every month the period's figures were computed from, so
// that a later build finds the accounts behind a restated figure.
const ARRFile = "arr-by-account.bin"

// arrMagic starts an ARRFile; its last byte is the format's version.
const arrMagic = "boardpack arr 1\n"

// EncodeARR returns the ARR of h's accounts from its first month to last
// as an ARRFile. The file holds, after arrMagic, as varints: the first
// month (months since year 0), the number of months and of accounts with
// ARR; then for each such account in h's order its ID's length and bytes,
// the number of months whose ARR differs from the month before (the month
// before the first counting as zero) and, for each, the months since the
// previous change and the new ARR in cents. ARR changes rarely, so 100,000
// accounts over three years take about a megabyte.
func EncodeARR(h *metrics.History, last period.Month) []byte {
	months := max(int(last-h.First)+1, 0)
	body := make([]byte, 0, 16*len(h.Accounts))
	accounts := 0
	var changes []int64
	for i, a := range h.Accounts {
		changes = changes[:0]
		prev := money.Amount(0)
		for k, v := range h.Row(i)[:min(months, h.Months)] {
			if v != prev {
				changes = append(changes, int64(k), int64(v))
				prev = v
			}
		}
		if len(changes) == 0 {
			continue
		}
		accounts++
		body = binary.AppendUvarint(body, uint64(len(a.ID)))
		body = append(body, a.ID...)
		body = binary.AppendUvarint(body, uint64(len(changes)/2))
		at := int64(-1)
		for j := 0; j < len(changes); j += 2 {
			body = binary.AppendUvarint(body, uint64(changes[j]-at))
			body = binary.AppendVarint(body, changes[j+1])
			at = changes[j]
		}
	}
	out := []byte(arrMagic)
	out = binary.AppendUvarint(out, uint64(h.First))
	out = binary.AppendUvarint(out, uint64(months))
	out = binary.AppendUvarint(out, uint64(accounts))
	return append(out, body...)
}

// ReadARR returns the per-account ARR that period e of out kept, as a
// history whose accounts have their IDs only, or nil when e has no ARRFile
// (it was published before boardpack kept one).
func ReadARR(out string, e Entry) (*metrics.History, error) {
	name := filepath.Join(out, e.Period, ARRFile)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h, err := DecodeARR(data)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the published period's ARR: %w", name, err)
	}
	return h, nil
}

var errARRFormat = errors.New("not a file of per-account ARR of this version")

// DecodeARR reads an ARRFile that EncodeARR wrote.
func DecodeARR(data []byte) (*metrics.History, error) {
	rest, ok := bytes.CutPrefix(data, []byte(arrMagic))
	if !ok {
		return nil, errARRFormat
	}
	r := bytes.NewReader(rest)
	first, err1 := binary.ReadUvarint(r)
	months, err2 := binary.ReadUvarint(r)
	n, err3 := binary.ReadUvarint(r)
	if err := errors.Join(err1, err2, err3); err != nil || months > 12*1000 || n > uint64(len(rest)) {
		return nil, errARRFormat
	}
	accounts := make([]metrics.Account, n)
	type run struct {
		account, month int
		arr            money.Amount
	}
	var runs []run
	for i := range accounts {
		size, err := binary.ReadUvarint(r)
		if err != nil || size > uint64(r.Len()) {
			return nil, errARRFormat
		}
		id := make([]byte, size)
		if _, err := r.Read(id); err != nil {
			return nil, errARRFormat
		}
		accounts[i].ID = string(id)
		count, err := binary.ReadUvarint(r)
		if err != nil || count > months {
			return nil, errARRFormat
		}
		at := -1
		for range count {
			step, err1 := binary.ReadUvarint(r)
			v, err2 := binary.ReadVarint(r)
			at += int(step)
			if err1 != nil || err2 != nil || step == 0 || at >= int(months) {
				return nil, errARRFormat
			}
			runs = append(runs, run{i, at, money.Amount(v)})
		}
	}
	if r.Len() != 0 {
		return nil, errARRFormat
	}
	h := metrics.NewHistory(accounts, period.Month(first), int(months))
	for j, c := range runs {
		end := int(months)
		if j+1 < len(runs) && runs[j+1].account == c.account {
			end = runs[j+1].month
		}
		for k := c.month; k < end; k++ {
			h.Add(c.account, h.First.Add(k), c.arr)
		}
	}
	return h, nil
}
