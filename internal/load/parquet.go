package load

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/boardpack/boardpack/internal/diag"
	"io"
	"math"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Parquet parts are read column by column, a row group at a time, and
// each value written out as the text a CSV extract would hold, so that
// the rows go through the same row functions as CSV rows: the same
// checks, the same messages, the same figures. The text is exact: a
// DECIMAL is written from its unscaled integer and never passes through a
// float, and money in a FLOAT or DOUBLE column is refused.

// convFunc appends the text of a value to dst.
type convFunc func(dst []byte, v parquet.Value) []byte

// pqPart is an open Parquet part.
type pqPart struct {
	p     *part
	f     *os.File
	pf    *parquet.File
	names []string   // the columns, as the schema names them
	convs []convFunc // nil for a column that cannot be read, and is not read
}

// openParquet opens a Parquet part of extract name and checks the types
// of the columns the contract reads. A file that is no Parquet, or a
// column of a type that cannot be read, is reported in issues, at the
// part's first logical line (the whole part).
func openParquet(name string, p *part, issues *diag.List) (*pqPart, bool, error) {
	f, err := os.Open(p.path)
	if err != nil {
		return nil, false, err
	}
	pf, err := parquet.OpenFile(f, p.size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true), parquet.ReadBufferSize(1<<20))
	if err != nil {
		f.Close()
		issues.Addf(name, p.start, "", "not a readable Parquet file (%v): unload it again", err)
		return nil, false, nil
	}
	q := &pqPart{p: p, f: f, pf: pf}
	known := knownColumns(name)
	ok := true
	for _, fld := range pf.Schema().Fields() {
		col := strings.ToLower(strings.TrimSpace(fld.Name()))
		conv, problem := converter(fld, columnKinds[name][col])
		q.names = append(q.names, fld.Name())
		q.convs = append(q.convs, conv)
		if problem != "" && slices.Contains(known, col) {
			issues.Addf(name, p.start, col, "%s", problem)
			ok = false
		}
	}
	if !ok {
		f.Close()
		return nil, false, nil
	}
	// The logical lines of the part: its header, then a line a row.
	p.rows = int(pf.NumRows())
	// The stored columns of each row group are those of the schema.
	for _, rg := range pf.RowGroups() {
		if len(rg.ColumnChunks()) != len(q.names) {
			f.Close()
			issues.Addf(name, p.start, "", "nested columns are not supported: unload flat columns")
			return nil, false, nil
		}
	}
	return q, true, nil
}

func (q *pqPart) close() { q.f.Close() }

// converter returns how to write the values of a column as text, or why
// they cannot be.
func converter(f parquet.Field, kind colKind) (convFunc, string) {
	if !f.Leaf() {
		return nil, "a nested column: unload it flat"
	}
	if f.Repeated() {
		return nil, "a repeated column (a list): unload one value a row"
	}
	t := f.Type()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	if lt == nil {
		if ct := t.ConvertedType(); ct != nil {
			switch *ct {
			case deprecated.Date:
				lt = &format.DateType{}
			case deprecated.TimestampMillis:
				lt = &format.TimestampType{IsAdjustedToUTC: true, Unit: format.TimeUnit{Value: &format.MilliSeconds{}}}
			case deprecated.TimestampMicros:
				lt = &format.TimestampType{IsAdjustedToUTC: true, Unit: format.TimeUnit{Value: &format.MicroSeconds{}}}
			}
		}
	}
	switch l := lt.(type) {
	case *format.DecimalType:
		return decimalConv(t.Kind(), int(l.Scale))
	case *format.DateType:
		if t.Kind() == parquet.Int32 {
			return dayConv(kind == monthCol), ""
		}
	case *format.TimestampType:
		if t.Kind() == parquet.Int64 {
			return timestampConv(l, kind), ""
		}
	case *format.IntType:
		if !l.IsSigned {
			return nullable(func(dst []byte, v parquet.Value) []byte {
				if t.Kind() == parquet.Int32 {
					return strconv.AppendUint(dst, uint64(uint32(v.Int32())), 10)
				}
				return strconv.AppendUint(dst, v.Uint64(), 10)
			}), ""
		}
	case nil, *format.StringType, *format.EnumType, *format.JsonType:
	default:
		return nil, fmt.Sprintf("the Parquet type %s is not supported: cast the column to a string, number or date in the unload", l)
	}
	switch t.Kind() {
	case parquet.Boolean:
		return nullable(func(dst []byte, v parquet.Value) []byte { return strconv.AppendBool(dst, v.Boolean()) }), ""
	case parquet.Int32:
		return nullable(func(dst []byte, v parquet.Value) []byte { return strconv.AppendInt(dst, int64(v.Int32()), 10) }), ""
	case parquet.Int64:
		return nullable(func(dst []byte, v parquet.Value) []byte { return strconv.AppendInt(dst, v.Int64(), 10) }), ""
	case parquet.Float, parquet.Double:
		if kind == moneyCol {
			return nil, fmt.Sprintf("a %s column cannot hold money exactly: cast it to DECIMAL(18,2) in the unload", strings.ToUpper(t.Kind().String()))
		}
		bits := 64
		if t.Kind() == parquet.Float {
			bits = 32
		}
		return nullable(func(dst []byte, v parquet.Value) []byte {
			x := v.Double()
			if bits == 32 {
				x = float64(v.Float())
			}
			return strconv.AppendFloat(dst, x, 'f', -1, bits)
		}), ""
	case parquet.ByteArray:
		return nullable(func(dst []byte, v parquet.Value) []byte { return append(dst, v.ByteArray()...) }), ""
	case parquet.Int96:
		return nil, "INT96 timestamps are not supported: write TIMESTAMP (microseconds) in the unload, or cast the column to a string"
	}
	return nil, fmt.Sprintf("the Parquet type %s is not supported: cast the column to a string, number or date in the unload", t)
}

// nullable writes a NULL as an empty value, as CSV leaves it.
func nullable(c convFunc) convFunc {
	return func(dst []byte, v parquet.Value) []byte {
		if v.IsNull() {
			return dst
		}
		return c(dst, v)
	}
}

// decimalConv writes a DECIMAL of the physical kind k with scale digits
// after the point, from its unscaled integer.
func decimalConv(k parquet.Kind, scale int) (convFunc, string) {
	switch k {
	case parquet.Int32:
		return nullable(func(dst []byte, v parquet.Value) []byte { return appendDecimal(dst, int64(v.Int32()), scale) }), ""
	case parquet.Int64:
		return nullable(func(dst []byte, v parquet.Value) []byte { return appendDecimal(dst, v.Int64(), scale) }), ""
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return nullable(func(dst []byte, v parquet.Value) []byte { return appendBigDecimal(dst, v.ByteArray(), scale) }), ""
	}
	return nil, fmt.Sprintf("a DECIMAL stored as %s is not supported: cast the column to DECIMAL(18,2) in the unload", k)
}

// appendDecimal writes u × 10^-scale.
func appendDecimal(dst []byte, u int64, scale int) []byte {
	if scale <= 0 {
		dst = strconv.AppendInt(dst, u, 10)
		for range -scale {
			dst = append(dst, '0')
		}
		return dst
	}
	neg := u < 0
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], absInt64(u), 10)
	if neg {
		dst = append(dst, '-')
	}
	if len(d) <= scale {
		dst = append(dst, '0', '.')
		for range scale - len(d) {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	dst = append(dst, d[:len(d)-scale]...)
	dst = append(dst, '.')
	return append(dst, d[len(d)-scale:]...)
}

func absInt64(u int64) uint64 {
	if u < 0 {
		return uint64(-(u + 1)) + 1
	}
	return uint64(u)
}

// appendBigDecimal writes a DECIMAL held as a big-endian two's complement
// integer of any length.
func appendBigDecimal(dst []byte, b []byte, scale int) []byte {
	if len(b) == 0 {
		return dst
	}
	neg := b[0]&0x80 != 0
	// Most values fit in 64 bits: the bytes above are sign extension.
	fits := true
	ext := byte(0)
	if neg {
		ext = 0xff
	}
	for _, c := range b[:max(len(b)-8, 0)] {
		if c != ext {
			fits = false
			break
		}
	}
	if fits {
		var buf [8]byte
		for i := range buf {
			buf[i] = ext
		}
		copy(buf[8-min(len(b), 8):], b[max(len(b)-8, 0):])
		u := int64(binary.BigEndian.Uint64(buf[:]))
		if (u < 0) == neg {
			return appendDecimal(dst, u, scale)
		}
	}
	x := new(big.Int).SetBytes(b)
	if neg {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	s := x.Abs(x).String()
	if neg {
		dst = append(dst, '-')
	}
	if scale <= 0 {
		return append(append(dst, s...), strings.Repeat("0", -scale)...)
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	return append(append(append(dst, s[:len(s)-scale]...), '.'), s[len(s)-scale:]...)
}

// timestampConv writes a TIMESTAMP as RFC 3339, with Z when it is in UTC
// (a timestamp without a zone counts as UTC anyway). In a column of dates
// a midnight is written as its date, and in a column of months the first
// of a month as its month.
func timestampConv(l *format.TimestampType, kind colKind) convFunc {
	per := int64(1_000_000) // micros
	switch l.Unit.Value.(type) {
	case *format.MilliSeconds:
		per = 1000
	case *format.NanoSeconds:
		per = 1_000_000_000
	}
	return nullable(func(dst []byte, v parquet.Value) []byte {
		t := v.Int64()
		sec, frac := t/per, t%per
		if frac < 0 {
			sec, frac = sec-1, frac+per
		}
		day, tod := sec/86400, sec%86400
		if tod < 0 {
			day, tod = day-1, tod+86400
		}
		if tod == 0 && frac == 0 && (kind == dayCol || kind == monthCol) {
			return appendDay(dst, day, kind == monthCol)
		}
		dst = appendDay(dst, day, false)
		dst = append(dst, 'T')
		dst = append2(dst, tod/3600)
		dst = append(dst, ':')
		dst = append2(dst, tod/60%60)
		dst = append(dst, ':')
		dst = append2(dst, tod%60)
		if frac > 0 {
			digits := len(strconv.FormatInt(per, 10)) - 1
			f := strconv.FormatInt(frac+per, 10)[1:]
			dst = append(dst, '.')
			dst = append(dst, strings.TrimRight(f[:digits], "0")...)
		}
		if l.IsAdjustedToUTC {
			dst = append(dst, 'Z')
		}
		return dst
	})
}

func append2(dst []byte, n int64) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }

// dayConv writes a DATE.
func dayConv(month bool) convFunc {
	return nullable(func(dst []byte, v parquet.Value) []byte { return appendDay(dst, int64(v.Int32()), month) })
}

// appendDay writes the date of a day counted from 1970-01-01, or in a
// column of months the month of the first of a month.
func appendDay(dst []byte, days int64, month bool) []byte {
	y, m, d := civil(days)
	if y < 0 || y > 9999 {
		return strconv.AppendInt(dst, y, 10)
	}
	dst = append2(append2(dst, y/100), y%100)
	dst = append(dst, '-')
	dst = append2(dst, int64(m))
	if month && d == 1 {
		return dst
	}
	dst = append(dst, '-')
	return append2(dst, int64(d))
}

// civil returns the proleptic Gregorian date of days since 1970-01-01
// (Howard Hinnant's days_to_civil).
func civil(days int64) (y int64, m, d int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// pqColumns is a row group's columns written out as text: each column's
// values end to end, and where each ends.
type pqColumns struct {
	text [][]byte
	ends [][]int32
	vals []parquet.Value

	// The text of the dictionary last written out.
	dict     parquet.Dictionary
	dictText []byte
	dictEnds []int32
}

// read writes out row group g of q. The error is that of a corrupt part.
func (c *pqColumns) read(q *pqPart, g int) (int, error) {
	rg := q.pf.RowGroups()[g]
	rows := int(rg.NumRows())
	n := len(q.names)
	if len(c.text) < n {
		c.text, c.ends = make([][]byte, n), make([][]int32, n)
	}
	if c.vals == nil {
		c.vals = make([]parquet.Value, 4096)
	}
	for j, cc := range rg.ColumnChunks() {
		text, ends := c.text[j][:0], c.ends[j][:0]
		var ok bool
		conv := q.convs[j]
		if conv == nil {
			// A column the contract does not read, of a type that
			// cannot be: left empty.
			c.text[j], c.ends[j] = text, append(ends, make([]int32, rows)...)
			continue
		}
		pages := cc.Pages()
		for {
			pg, err := pages.ReadPage()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				pages.Close()
				return 0, q.corrupt(err)
			}
			if text, ends, ok = c.fastPage(pg, conv, text, ends); ok {
				continue
			}
			vr := pg.Values()
			for {
				k, err := vr.ReadValues(c.vals)
				for _, v := range c.vals[:k] {
					text = conv(text, v)
					ends = append(ends, int32(len(text)))
				}
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					pages.Close()
					return 0, q.corrupt(err)
				}
				if k == 0 {
					break
				}
			}
		}
		pages.Close()
		if len(ends) != rows {
			return 0, q.corrupt(fmt.Errorf("column %s holds %d values for %d rows", q.names[j], len(ends), rows))
		}
		if len(text) > math.MaxInt32 {
			return 0, q.corrupt(errors.New("a row group of more than 2 GB of text"))
		}
		c.text[j], c.ends[j] = text, ends
	}
	return rows, nil
}

// fastPage writes out a page from its typed values rather than value by
// value through a reader, which takes twice the time: a dictionary's
// entries once each, then each row's by its index; and plain numbers and
// strings from their arrays. It returns false for a page of another kind.
func (c *pqColumns) fastPage(pg parquet.Page, conv convFunc, text []byte, ends []int32) ([]byte, []int32, bool) {
	n := int(pg.NumValues())
	defs := pg.DefinitionLevels()
	if len(pg.RepetitionLevels()) > 0 || len(defs) > 0 && len(defs) != n {
		return text, ends, false
	}
	t0, e0 := len(text), len(ends)
	text, ends, ok := c.typedPage(pg, conv, n, defs, text, ends)
	if !ok {
		return text[:t0], ends[:e0], false
	}
	return text, ends, true
}

func (c *pqColumns) typedPage(pg parquet.Page, conv convFunc, n int, defs []byte, text []byte, ends []int32) ([]byte, []int32, bool) {
	null := func(i int) bool { return len(defs) > 0 && defs[i] == 0 }
	data := pg.Data()
	if d := pg.Dictionary(); d != nil {
		if d != c.dict {
			c.dict, c.dictText, c.dictEnds = d, c.dictText[:0], c.dictEnds[:0]
			for i := range d.Len() {
				c.dictText = conv(c.dictText, d.Index(int32(i)))
				c.dictEnds = append(c.dictEnds, int32(len(c.dictText)))
			}
		}
		idx := data.Int32()
		k := 0
		for i := range n {
			if !null(i) {
				if k >= len(idx) || int(idx[k]) >= len(c.dictEnds) {
					return text, ends, false
				}
				x := idx[k]
				start := int32(0)
				if x > 0 {
					start = c.dictEnds[x-1]
				}
				text = append(text, c.dictText[start:c.dictEnds[x]]...)
				k++
			}
			ends = append(ends, int32(len(text)))
		}
		return text, ends, true
	}
	k := 0
	var value func(k int) (parquet.Value, bool)
	switch pg.Type().Kind() {
	case parquet.Int32:
		xs := data.Int32()
		value = func(k int) (parquet.Value, bool) {
			if k >= len(xs) {
				return parquet.Value{}, false
			}
			return parquet.Int32Value(xs[k]), true
		}
	case parquet.Int64:
		xs := data.Int64()
		value = func(k int) (parquet.Value, bool) {
			if k >= len(xs) {
				return parquet.Value{}, false
			}
			return parquet.Int64Value(xs[k]), true
		}
	case parquet.ByteArray:
		buf, offs := data.ByteArray()
		value = func(k int) (parquet.Value, bool) {
			if k+1 >= len(offs) || offs[k+1] > uint32(len(buf)) {
				return parquet.Value{}, false
			}
			return parquet.ByteArrayValue(buf[offs[k]:offs[k+1]]), true
		}
	default:
		return text, ends, false
	}
	for i := range n {
		if !null(i) {
			v, ok := value(k)
			if !ok {
				return text, ends, false
			}
			text = conv(text, v)
			k++
		}
		ends = append(ends, int32(len(text)))
	}
	return text, ends, true
}

// fields returns the fields of row r of the row group read.
func (c *pqColumns) fields(r int, out [][]byte) [][]byte {
	out = out[:0]
	for j := range c.ends {
		start := int32(0)
		if r > 0 {
			start = c.ends[j][r-1]
		}
		out = append(out, c.text[j][start:c.ends[j][r]])
	}
	return out
}

func (q *pqPart) corrupt(err error) error {
	return fmt.Errorf("%s: cannot read the Parquet file (%v): unload it again", q.p.name, err)
}

// pqStream is a Parquet extract being streamed: its parts, open, and
// their row groups as the units the workers parse.
type pqStream struct {
	parts []*pqPart
	units []pqUnit
}

type pqUnit struct{ part, group int }

// openParquetStream opens every part of x, checking that they have the
// columns of the first. It returns the columns of the extract.
func openParquetStream(x *extract, issues *diag.List) (*pqStream, columns, bool, error) {
	ps := &pqStream{}
	line := 1
	ok := true
	var header []string
	for i, p := range x.parts {
		p.start = line
		q, qok, err := openParquet(x.name, p, issues)
		if err != nil {
			ps.close()
			return nil, columns{}, false, err
		}
		if !qok {
			ok = false
			line++
			continue
		}
		ps.parts = append(ps.parts, q)
		line += 1 + p.rows
		names := normalize(q.names)
		if i == 0 || header == nil {
			header = names
		} else if !slices.Equal(names, header) {
			issues.Addf(x.name, p.start, "", "the columns differ from the first part's: it has %s, the first part %s: unload every part with the same columns",
				strings.Join(names, ", "), strings.Join(header, ", "))
			ok = false
		}
		for g := range q.pf.RowGroups() {
			ps.units = append(ps.units, pqUnit{part: len(ps.parts) - 1, group: g})
		}
	}
	if !ok {
		ps.close()
		return nil, columns{}, false, nil
	}
	return ps, newColumns(ps.parts[0].names), true, nil
}

func (ps *pqStream) close() {
	if ps == nil {
		return
	}
	for _, q := range ps.parts {
		q.close()
	}
}

// hash reads every part whole for its SHA-256.
func (ps *pqStream) hash() error {
	for _, q := range ps.parts {
		o, err := openCSVPart(&part{name: q.p.name, path: q.p.path})
		if err != nil {
			return err
		}
		if err := o.finish(); err != nil {
			return err
		}
		q.p.sum = o.p.sum
	}
	return nil
}

// parseUnit parses row group u through row into c.
func parseUnit[R any](ps *pqStream, u pqUnit, row rowFunc[R], c *chunk[R], cols *pqColumns) error {
	q := ps.parts[u.part]
	rows, err := cols.read(q, u.group)
	if err != nil {
		return err
	}
	line := q.p.start
	for g := range u.group {
		line += int(q.pf.RowGroups()[g].NumRows())
	}
	for r := range rows {
		c.fields = cols.fields(r, c.fields)
		row(line+r+1, c.fields, c)
	}
	c.part = u.part
	return nil
}

// rows returns the rows of every part.
func (ps *pqStream) rows() int {
	n := 0
	for _, q := range ps.parts {
		n += q.p.rows
	}
	return n
}
