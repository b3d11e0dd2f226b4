package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// Info is a PDF's document information: what a reader's file properties
// and a document manager show. Chromium writes the page's title and its
// own user agent as the creator; a board pack names its company, its
// period and the build that made it.
type Info struct {
	Title   string
	Author  string // the company
	Subject string // what the pack covers and its period
	Creator string // the program and its version, such as "boardpack v1.4.0"
}

// SetInfo returns doc with its document information replaced by info,
// keeping the producer and the dates Chromium wrote. The change is an
// incremental update appended to the file, as the PDF standard provides
// for: the bytes Chromium printed are kept as they are, so nothing of the
// pages, fonts or tags can be disturbed.
func SetInfo(doc []byte, info Info) ([]byte, error) {
	trailer, err := lastTrailer(doc)
	if err != nil {
		return nil, err
	}
	fields := [][2]string{{"Title", info.Title}, {"Author", info.Author}, {"Subject", info.Subject}, {"Creator", info.Creator}}
	var dict bytes.Buffer
	dict.WriteString("<<")
	for _, f := range fields {
		if f[1] != "" {
			fmt.Fprintf(&dict, "/%s %s\n", f[0], textString(f[1]))
		}
	}
	if trailer.info > 0 {
		// Keep what Chromium said of itself and of when it printed.
		if old := object(doc, trailer.info); old != nil {
			for _, m := range keptEntry.FindAllSubmatch(old, -1) {
				fmt.Fprintf(&dict, "/%s %s\n", m[1], m[2])
			}
		}
	}
	dict.WriteString(">>")

	num := trailer.size // a new object, after every existing one
	out := bytes.NewBuffer(make([]byte, 0, len(doc)+dict.Len()+256))
	out.Write(doc)
	if !bytes.HasSuffix(doc, []byte("\n")) {
		out.WriteByte('\n')
	}
	offset := out.Len()
	fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", num, dict.Bytes())
	xref := out.Len()
	fmt.Fprintf(out, "xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size %d /Root %s /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n",
		num, offset, num+1, trailer.root, num, trailer.startxref, xref)
	return out.Bytes(), nil
}

// keptEntry matches the entries of Chromium's information dictionary
// that SetInfo keeps; their values are plain literal strings.
var keptEntry = regexp.MustCompile(`/(Producer|CreationDate|ModDate)\s*(\([^()\\]*\))`)

type trailerInfo struct {
	size      int
	root      string // such as "4514 0 R"
	info      int    // the object number of the information dictionary, or 0
	startxref int
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
	rootRE      = regexp.MustCompile(`/Root\s+(\d+\s+\d+\s+R)`)
	infoRE      = regexp.MustCompile(`/Info\s+(\d+)\s+\d+\s+R`)
)

// lastTrailer reads the trailer of the last cross-reference section,
// which Chromium writes as a classic table.
func lastTrailer(doc []byte) (trailerInfo, error) {
	var t trailerInfo
	m := startxrefRE.FindSubmatch(doc)
	if m == nil {
		return t, errors.New("pdf: no startxref at the end of the document")
	}
	t.startxref, _ = strconv.Atoi(string(m[1]))
	i := bytes.LastIndex(doc, []byte("trailer"))
	if i < 0 {
		return t, errors.New("pdf: no trailer (a cross-reference stream is not supported)")
	}
	tr := doc[i:]
	size, root := sizeRE.FindSubmatch(tr), rootRE.FindSubmatch(tr)
	if size == nil || root == nil {
		return t, errors.New("pdf: the trailer has no /Size or /Root")
	}
	t.size, _ = strconv.Atoi(string(size[1]))
	t.root = string(root[1])
	if info := infoRE.FindSubmatch(tr); info != nil {
		t.info, _ = strconv.Atoi(string(info[1]))
	}
	return t, nil
}

// object returns the dictionary of object num, or nil.
func object(doc []byte, num int) []byte {
	start := regexp.MustCompile(`(?m)^` + strconv.Itoa(num) + ` 0 obj\s*`).FindIndex(doc)
	if start == nil {
		return nil
	}
	rest := doc[start[1]:]
	end := bytes.Index(rest, []byte("endobj"))
	if end < 0 {
		return nil
	}
	return rest[:end]
}

// textString writes s as a PDF text string: UTF-16BE with its byte-order
// mark, in hex, so that any character (the company's name, a "·") is kept
// and nothing needs escaping.
func textString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
