package report

import (
	"path"
	"reflect"
	"strconv"
	"strings"
)

// nameTables gives every table of page p's data, charts' tables included,
// the name of its CSV file, and lists them in p.Tables. A name is the
// page's and the table's, such as retention-by-segment.csv, so that the
// files of the pages sharing a folder stay apart; a table with neither
// caption nor name is numbered by its place on the page.
//
// The data of a page is a tree of structs, slices and pointers built for
// that page alone, so it is walked by reflection on an addressable copy
// rather than by a list that every page builder would have to keep.
func nameTables(p *Page) {
	if p.Data == nil {
		return
	}
	v := reflect.New(reflect.TypeOf(p.Data)).Elem()
	v.Set(reflect.ValueOf(p.Data))
	var tables []*Table
	collectTables(v, &tables)
	base := strings.TrimSuffix(path.Base(p.Path), ".html")
	used := map[string]bool{}
	for i, t := range tables {
		if len(t.Head) == 0 && len(t.Rows) == 0 {
			continue // a note alone
		}
		// The caption up to its first comma, colon or bracket: what the
		// table is, without the period or count that follows, so that a
		// file keeps its name from one week to the next.
		stem := t.Name
		if stem == "" {
			stem, _, _ = strings.Cut(t.Caption, ",")
			stem, _, _ = strings.Cut(stem, ":")
			stem, _, _ = strings.Cut(stem, "(")
			stem, _, _ = strings.Cut(stem, " as of ")
		}
		if stem = strings.TrimSpace(stem); stem != "" {
			stem = slug(stem)
		} else {
			stem = "table-" + strconv.Itoa(i+1)
		}
		name := base + "-" + stem
		if stem == base {
			name = base // the watch list's page holds the watch list
		}
		for n := 2; used[name]; n++ {
			name = base + "-" + stem + "-" + strconv.Itoa(n) // two tables of one name: numbered
		}
		used[name] = true
		t.CSV = name + ".csv"
		p.Tables = append(p.Tables, *t)
	}
	p.Data = v.Interface()
}

var tableType = reflect.TypeFor[Table]()

// collectTables appends to out a pointer to every Table reachable from the
// addressable value v through exported fields, slices and pointers.
func collectTables(v reflect.Value, out *[]*Table) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == tableType {
			*out = append(*out, v.Addr().Interface().(*Table))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				collectTables(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Struct || v.Type().Elem().Kind() == reflect.Pointer {
			for i := range v.Len() {
				collectTables(v.Index(i), out)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			collectTables(v.Elem(), out)
		}
	}
}
