package commentary

import (
	"bytes"
	"errors"
	"regexp"
	"unicode/utf8"

	"github.com/gomarkdown/markdown/parser"
)

// A metric reference is {{ metric "retention.t12m.nrr" }}, with single or
// double quotes and any spacing. refOpen finds what is meant as one, the
// slip "metrics" included, so that a mistyped reference is an error rather
// than text that the reader sees raw; refWhole reads it.
var (
	refOpen  = regexp.MustCompile(`^\{\{\s*metrics?\b`)
	refWhole = regexp.MustCompile(`^\{\{\s*metric\s+(?:"([^"\n]*)"|'([^'\n]*)')\s*\}\}`)
)

const refExample = `{{ metric "retention.t12m.nrr" }}`

// expandBody replaces the metric references of a markdown body, whose
// first line is line firstLine of the file, with their figures escaped
// for markdown. References in code spans and fenced code blocks, and those
// whose braces are escaped (\{{ metric ... }}), stay as written: that is
// how a text documents the syntax.
func expandBody(body []byte, firstLine int, resolve Resolver, errs *fileProblems) []byte {
	at := func(off int) (line, col int) {
		start := bytes.LastIndexByte(body[:off], '\n') + 1
		return firstLine + bytes.Count(body[:off], []byte("\n")), utf8.RuneCount(body[start:off]) + 1
	}
	return expand(body, true, resolve, func(off int, msg string) {
		line, col := at(off)
		errs.add(line, col, "%s", msg)
	})
}

// expandText replaces the metric references of a front-matter value, at
// line of the file, with their figures as plain text: the page escapes it.
func expandText(s string, line int, resolve Resolver, errs *fileProblems) string {
	return string(expand([]byte(s), false, resolve, func(_ int, msg string) { errs.add(line, 0, "%s", msg) }))
}

// expand replaces the references of src. With markdown set, code is left
// alone and figures are escaped so that they read as text, never as
// markup. Problems go to fail with their byte offset in src.
func expand(src []byte, markdown bool, resolve Resolver, fail func(off int, msg string)) []byte {
	if !bytes.Contains(src, []byte("{{")) {
		return src
	}
	var fences [][2]int
	if markdown {
		fences = fencedBlocks(src)
	}
	var out bytes.Buffer
	last := 0
	for i := 0; i < len(src); {
		if len(fences) > 0 && i >= fences[0][0] {
			i = max(i, fences[0][1])
			fences = fences[1:]
			continue
		}
		limit := len(src)
		if len(fences) > 0 {
			limit = fences[0][0]
		}
		switch c := src[i]; {
		case markdown && c == '\\' && i+1 < len(src):
			i += 2 // an escaped character is literal
		case markdown && c == '`':
			n := run(src, i, '`')
			if end := codeSpanEnd(src[:limit], i+n, n); end > 0 {
				i = end
			} else {
				i += n
			}
		case c == '{' && refOpen.Match(src[i:]):
			m := refWhole.FindSubmatchIndex(src[i:])
			if m == nil {
				fail(i, "malformed metric reference: write "+refExample)
				i += 2
				continue
			}
			q := 2 // the double-quoted key, else the single-quoted one
			if m[q] < 0 {
				q = 4
			}
			key := string(src[i+m[q] : i+m[q+1]])
			v, err := lookup(resolve, key)
			if err != nil {
				fail(i, err.Error())
			}
			out.Write(src[last:i])
			if markdown {
				escapeMarkdown(&out, v)
			} else {
				out.WriteString(v)
			}
			i += m[1]
			last = i
		default:
			i++
		}
	}
	out.Write(src[last:])
	return out.Bytes()
}

func lookup(resolve Resolver, key string) (string, error) {
	if resolve == nil {
		return "", errNoFigures
	}
	return resolve(key)
}

var errNoFigures = errors.New("metric references need the computed figures")

// escapeMarkdown writes s so that the markdown parser reads it as the
// text it is: a figure such as a segment name cannot open a link, an
// emphasis or a new block.
func escapeMarkdown(out *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\r':
			out.WriteByte(' ')
		case bytes.IndexByte(parser.EscapeChars, c) >= 0:
			out.WriteByte('\\')
			out.WriteByte(c)
		default:
			out.WriteByte(c)
		}
	}
}

// run returns how many times c repeats from src[i].
func run(src []byte, i int, c byte) int {
	n := 0
	for i+n < len(src) && src[i+n] == c {
		n++
	}
	return n
}

// codeSpanEnd returns the end of the code span whose opening run of n
// backticks ends at i: just past a closing run of exactly n backticks in
// the same paragraph. It returns 0 when there is none, and the backticks
// are then literal.
func codeSpanEnd(src []byte, i, n int) int {
	for i < len(src) {
		switch src[i] {
		case '`':
			k := run(src, i, '`')
			if k == n {
				return i + k
			}
			i += k
		case '\n':
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j >= len(src) || src[j] == '\n' {
				return 0 // a blank line ends the paragraph
			}
			i = j
		default:
			i++
		}
	}
	return 0
}

// fencedBlocks returns the byte ranges of the fenced code blocks of src,
// from the opening fence to the end of the closing one; an unclosed block
// runs to the end, as markdown reads it.
func fencedBlocks(src []byte) [][2]int {
	var blocks [][2]int
	open, start := byte(0), 0
	width := 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := bytes.TrimLeft(src[off:end], " \t")
		c := byte(0)
		if len(line) > 0 {
			c = line[0]
		}
		if n := run(line, 0, c); (c == '`' || c == '~') && n >= 3 {
			switch {
			case open == 0:
				open, start, width = c, off, n
			case c == open && n >= width && len(bytes.TrimSpace(line[n:])) == 0:
				blocks = append(blocks, [2]int{start, end})
				open = 0
			}
		}
		off = end
	}
	if open != 0 {
		blocks = append(blocks, [2]int{start, len(src)})
	}
	return blocks
}
