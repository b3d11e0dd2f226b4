package load

import (
	"github.com/boardpack/boardpack/internal/period"
)

// msgTime says what a timestamp may look like.
const msgTime = "as a time (such as 2026-10-31T14:05:00Z, with an offset such as +02:00 or none for UTC, or a date)"

// parseTimestamp reads an ISO 8601 / RFC 3339 date-time, as Unix seconds:
// a date, a 'T' or a space, hours and minutes, optional seconds with an
// optional fraction (after a point or a comma; dropped, as the records
// keep seconds), and an optional zone: Z, or an offset written +hh:mm,
// +hhmm or +hh. No zone means UTC, and a date alone midnight UTC.
//
// It accepts what time.Parse accepts with the matching layouts, except
// that hours and offsets must have two digits and offsets be less than a
// day, and it costs a few nanoseconds instead of a few hundred: a ticket
// extract holds three timestamps a row and a million rows.
func parseTimestamp[T string | []byte](b T) (int64, bool) {
	if len(b) < 10 {
		return 0, false
	}
	d, err := period.ParseDay(b[:10])
	if err != nil {
		return 0, false
	}
	t := d.Unix()
	if len(b) == 10 {
		return t, true
	}
	if len(b) < 16 || b[10] != 'T' && b[10] != ' ' || b[13] != ':' {
		return 0, false
	}
	h, ok := twoDigits(b[11:13])
	m, ok2 := twoDigits(b[14:16])
	if !ok || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	t += int64(h*3600 + m*60)
	rest := b[16:]
	if len(rest) >= 3 && rest[0] == ':' {
		s, ok := twoDigits(rest[1:3])
		if !ok || s > 59 {
			return 0, false
		}
		t += int64(s)
		rest = rest[3:]
		if len(rest) >= 2 && (rest[0] == '.' || rest[0] == ',') && isDigit(rest[1]) {
			n := 2
			for n < len(rest) && isDigit(rest[n]) {
				n++
			}
			rest = rest[n:]
		}
	}
	switch {
	case len(rest) == 0:
		return t, true
	case len(rest) == 1 && rest[0] == 'Z':
		return t, true
	case rest[0] != '+' && rest[0] != '-':
		return 0, false
	}
	oh, ok := twoDigits(rest[1:min(3, len(rest))])
	om, ok2 := 0, true
	switch len(rest) {
	case 3:
	case 5:
		om, ok2 = twoDigits(rest[3:5])
	case 6:
		om, ok2 = twoDigits(rest[4:6])
		ok2 = ok2 && rest[3] == ':'
	default:
		return 0, false
	}
	if !ok || !ok2 || oh > 23 || om > 59 {
		return 0, false
	}
	off := int64(oh*3600 + om*60)
	if rest[0] == '-' {
		off = -off
	}
	return t - off, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func twoDigits[T string | []byte](b T) (int, bool) {
	if len(b) != 2 || !isDigit(b[0]) || !isDigit(b[1]) {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}
