package render

import (
	"bytes"
	"encoding/csv"
	"path"

	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/report"
)

// csvFiles returns the CSV of every table of page p that has one, next to
// the page in the folder dir of the output.
func csvFiles(p *report.Page, dir, currency string) []File {
	var files []File
	for _, t := range p.Tables {
		if t.CSV != "" {
			files = append(files, File{Path: path.Join(dir, path.Dir(p.Path), t.CSV), Data: tableCSV(t, currency)})
		}
	}
	return files
}

// tableCSV writes t as a spreadsheet takes it: the figures as plain numbers
// at full precision (amounts with two decimals, fractions such as 1.0712
// for 107.12%), the unit in the column's header ("Starting ARR (USD)",
// "NRR (fraction)"), an undefined figure as an empty cell, and the
// totals as the last rows. It starts with a byte-order mark, by which
// spreadsheets know the file is UTF-8.
func tableCSV(t report.Table, currency string) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	body := append(append([][]report.Cell{}, t.Rows...), t.Foot...)
	// A column of sparklines alone has no figures of its own: they are in
	// the charts' tables.
	var cols []int
	for i := range t.Head {
		if !sparksOnly(body, i) {
			cols = append(cols, i)
		}
	}
	head := make([]string, 0, len(cols))
	for _, i := range cols {
		h := t.Head[i].Text
		switch unitOf(body, i) {
		case report.Currency:
			h += " (" + currency + ")"
		case report.Fraction:
			h += " (fraction)"
		}
		head = append(head, h)
	}
	w.Write(head)
	for _, r := range body {
		rec := make([]string, len(cols))
		for j, i := range cols {
			if i >= len(r) {
				continue
			}
			switch c := r[i]; {
			case c.Value != "":
				rec[j] = c.Value
			case c.Num && c.Text == format.NA:
				// undefined: no figure
			default:
				rec[j] = c.Text
			}
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// unitOf returns the unit of column i: that of its figures when they all
// have the same, else "".
func unitOf(rows [][]report.Cell, i int) report.Unit {
	var u report.Unit
	for _, r := range rows {
		if i >= len(r) || r[i].Value == "" {
			continue
		}
		switch {
		case u == "":
			u = r[i].Unit
		case u != r[i].Unit:
			return ""
		}
	}
	return u
}

// sparksOnly reports whether column i holds sparklines and no text.
func sparksOnly(rows [][]report.Cell, i int) bool {
	spark := false
	for _, r := range rows {
		if i >= len(r) {
			continue
		}
		if r[i].Text != "" || r[i].Value != "" {
			return false
		}
		spark = spark || r[i].Spark != nil
	}
	return spark
}
