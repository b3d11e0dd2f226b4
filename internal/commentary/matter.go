package commentary

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/boardpack/boardpack/internal/period"
)

// matter is a file's front matter, read but not yet checked, and the body
// after it.
type matter struct {
	body     []byte
	bodyLine int // the line of the file the body starts on
	entries  []entry
	okrs     []int // the line each OKR entry starts on
}

// entry is one front-matter key with its value and line.
type entry struct {
	key   string // such as "title", or an OKR's "status"
	okr   int    // the OKR entry the key belongs to, or -1
	value any    // a string; TOML gives dates as time.Time and numbers as numbers
	line  int
}

// The front matter's keys, for messages.
const (
	topKeys = "title, author, date, okr"
	okrKeys = "objective, key_result, status, note"
)

// splitMatter reads the front matter that opens src: TOML between "+++"
// lines or simple YAML between "---" lines. It returns false when src has
// none.
func splitMatter(src []byte, errs *fileProblems) (matter, bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	delim := string(bytes.TrimRight(first, " \t\r"))
	if delim != "+++" && delim != "---" {
		return matter{}, false
	}
	var text []string
	line := 2
	for len(rest) > 0 {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(l, " \t\r")) == delim {
			m := matter{body: rest, bodyLine: line + 1}
			if delim == "+++" {
				m.entries, m.okrs = tomlEntries(strings.Join(text, "\n"), errs)
			} else {
				m.entries, m.okrs = yamlEntries(text, errs)
			}
			return m, true
		}
		text = append(text, string(l))
		line++
	}
	errs.add(1, 0, "the front matter opened with %s has no closing %s line", delim, delim)
	return matter{}, true
}

// tomlEntries decodes TOML front matter, whose first line is line 2 of the
// file.
func tomlEntries(text string, errs *fileProblems) ([]entry, []int) {
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			errs.add(pe.Position.Line+1, pe.Position.Col, "front matter: %s", pe.Message)
		} else {
			errs.add(1, 0, "front matter: %v", err)
		}
		return nil, nil
	}
	lines := tomlLines(text)
	lineOf := func(keys ...string) int {
		for _, k := range keys {
			if n, ok := lines[k]; ok {
				return n
			}
		}
		return 1 // the opening +++
	}
	var entries []entry
	var okrs []int
	for k, v := range raw {
		if k != "okr" {
			entries = append(entries, entry{key: k, okr: -1, value: v, line: lineOf(k)})
			continue
		}
		list, ok := tables(v)
		if !ok {
			errs.add(lineOf(k), 0, "front matter: okr is a list of [[okr]] tables")
			continue
		}
		for i, t := range list {
			table := fmt.Sprintf("okr#%d", i)
			okrs = append(okrs, lineOf(table, k))
			for f, fv := range t {
				entries = append(entries, entry{key: f, okr: i, value: fv, line: lineOf(table+"."+f, table, k)})
			}
		}
	}
	return entries, okrs
}

// tables returns v as a list of tables: [[okr]] sections, or an inline
// array of tables.
func tables(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case []map[string]any:
		return v, true
	case []any:
		var list []map[string]any
		for _, e := range v {
			t, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			list = append(list, t)
		}
		return list, true
	}
	return nil, false
}

// tomlLines returns the line of the file each key of TOML front matter is
// on, as "title", "okr#0" (the first [[okr]] header) and "okr#0.status".
// The decoder keeps its positions to itself, and a message that names the
// key without its line sends the writer searching.
func tomlLines(text string) map[string]int {
	lines := map[string]int{}
	set := func(k string, n int) {
		if _, ok := lines[k]; !ok {
			lines[k] = n
		}
	}
	table := ""
	count := map[string]int{}
	for i, l := range strings.Split(text, "\n") {
		n := i + 2 // the front matter starts on line 2
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "[["):
			name, _, _ := strings.Cut(l[2:], "]]")
			name = strings.TrimSpace(name)
			table = fmt.Sprintf("%s#%d", name, count[name])
			count[name]++
			set(name, n)
			set(table, n)
		case strings.HasPrefix(l, "["):
			name, _, _ := strings.Cut(l[1:], "]")
			table = strings.TrimSpace(name)
			set(table, n)
		case strings.HasPrefix(l, "#"):
		default:
			if k, _, ok := strings.Cut(l, "="); ok {
				k = strings.Trim(strings.TrimSpace(k), `"'`)
				if table != "" {
					k = table + "." + k
				}
				set(k, n)
			}
		}
	}
	return lines
}

var yamlKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// yamlEntries reads YAML-style front matter, whose first line is line 2 of
// the file: "key: value" lines of plain or quoted values, and under
// "okr:" a list of entries that each start with "- ". That is all a weekly
// update needs, and reading only that keeps a YAML library out of the
// build; anything else is an error that says so.
func yamlEntries(text []string, errs *fileProblems) ([]entry, []int) {
	var entries []entry
	var okrs []int
	inOKR := false
	seen := map[[2]string]int{}
	for i, raw := range text {
		n := i + 2
		l := strings.TrimRight(raw, " \t\r")
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		okr := -1
		if l[0] != ' ' && l[0] != '\t' {
			inOKR = false
		} else {
			if !inOKR {
				errs.add(n, 0, "front matter: only okr has indented lines, a list of entries starting with \"- \"")
				continue
			}
			if t == "-" || strings.HasPrefix(t, "- ") {
				okrs = append(okrs, n)
				if t = strings.TrimSpace(t[1:]); t == "" {
					continue
				}
			}
			if len(okrs) == 0 {
				errs.add(n, 0, "front matter: an OKR entry starts with \"- \", such as - objective: Retain what we have")
				continue
			}
			okr = len(okrs) - 1
		}
		k, v, msg := keyValue(t)
		if msg != "" {
			errs.add(n, 0, "front matter: %s", msg)
			continue
		}
		if okr < 0 && k == "okr" && v == "" {
			inOKR = true
			continue
		}
		id := [2]string{strconv.Itoa(okr), k}
		if first, dup := seen[id]; dup {
			errs.add(n, 0, "front matter: %s is given twice (first on line %d)", k, first)
			continue
		}
		seen[id] = n
		entries = append(entries, entry{key: k, okr: okr, value: v, line: n})
	}
	return entries, okrs
}

// keyValue reads a "key: value" line of YAML-style front matter, or says
// what is wrong with it.
func keyValue(t string) (key, value, problem string) {
	k, v, ok := strings.Cut(t, ":")
	k = strings.TrimSpace(k)
	if !ok || !yamlKey.MatchString(k) || v != "" && v[0] != ' ' && v[0] != '\t' {
		return "", "", fmt.Sprintf("%q is not a key: value line", t)
	}
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return k, "", ""
	case v[0] == '"':
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", "", fmt.Sprintf("%s: the quoted value %s is not closed or has a bad escape", k, v)
		}
		return k, s, ""
	case v[0] == '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' {
			return "", "", fmt.Sprintf("%s: the quoted value %s is not closed", k, v)
		}
		return k, strings.ReplaceAll(v[1:len(v)-1], "''", "'"), ""
	case v[0] == '[' || v[0] == '{' || v[0] == '|' || v[0] == '>' || v[0] == '&' || v[0] == '*':
		return "", "", fmt.Sprintf("%s: only plain values are read between --- lines; for more, use TOML front matter between +++ lines", k)
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i]) // a comment, as in YAML
	}
	return k, v, ""
}

// apply checks the front matter's entries and sets them on u. The title
// and the OKRs' text may reference metrics.
func (m matter) apply(u *Update, resolve Resolver, errs *fileProblems) {
	u.OKRs = make([]OKR, len(m.okrs))
	hasStatus := make([]bool, len(m.okrs))
	for _, e := range m.entries {
		var field *string // a text field, which may reference metrics
		switch {
		case e.okr < 0 && e.key == "title":
			field = &u.Title
		case e.okr < 0 && e.key == "author":
			if s, ok := text(e, errs); ok {
				u.Author = s
			}
		case e.okr < 0 && e.key == "date":
			u.Date = dateOf(e, errs)
		case e.okr < 0:
			errs.add(e.line, 0, "unknown front-matter key %q (the keys are: %s)", e.key, topKeys)
		case e.key == "objective":
			field = &u.OKRs[e.okr].Objective
		case e.key == "key_result":
			field = &u.OKRs[e.okr].KeyResult
		case e.key == "note":
			field = &u.OKRs[e.okr].Note
		case e.key == "status":
			hasStatus[e.okr] = true
			if s, ok := text(e, errs); ok {
				u.OKRs[e.okr].Status = statusOf(s, e.line, errs)
			}
		default:
			errs.add(e.line, 0, "unknown front-matter key %q in an OKR entry (its keys are: %s)", e.key, okrKeys)
		}
		if field == nil {
			continue
		}
		if s, ok := text(e, errs); ok {
			*field = expandText(s, e.line, resolve, errs)
		}
	}
	for i, o := range u.OKRs {
		if o.Objective == "" && o.KeyResult == "" {
			errs.add(m.okrs[i], 0, "front matter: an OKR entry needs an objective or a key_result")
		}
		if !hasStatus[i] {
			errs.add(m.okrs[i], 0, "front matter: an OKR entry needs a status: %s", statusList)
		}
	}
}

// text returns the value of a text key, or reports that it is not text.
func text(e entry, errs *fileProblems) (string, bool) {
	s, ok := e.value.(string)
	if !ok {
		errs.add(e.line, 0, "front matter: %s: write text, in quotes in TOML", e.key)
	}
	return s, ok
}

var statusList = "on_track, at_risk, off_track or done"

// statusOf reads an OKR status. "On track" and "on-track" read as on_track:
// people write it as they say it.
func statusOf(s string, line int, errs *fileProblems) Status {
	st := Status(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s))))
	if _, ok := statusLabels[st]; !ok {
		errs.add(line, 0, "front matter: status %q is not %s", s, statusList)
		return ""
	}
	return st
}

// dateOf reads the date an update was written, as a TOML date or text
// such as 2026-10-23, and returns it as readers see it.
func dateOf(e entry, errs *fileProblems) string {
	switch v := e.value.(type) {
	case time.Time:
		return v.Format("2 Jan 2006")
	case string:
		if d, err := period.ParseDay(strings.TrimSpace(v)); err == nil {
			return d.Time().Format("2 Jan 2006")
		}
	}
	errs.add(e.line, 0, "front matter: date %v is not a date such as 2026-10-23", e.value)
	return ""
}
