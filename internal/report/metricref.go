package report

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/boardpack/boardpack/internal/diag"
	"github.com/boardpack/boardpack/internal/format"
	"github.com/boardpack/boardpack/internal/money"
	"github.com/boardpack/boardpack/internal/period"
	"github.com/boardpack/boardpack/metrics"
)

// MetricResolver returns the resolver of the commentary's metric
// references. A key is a path into metrics.json, such as
// "retention.t12m.nrr", "retention.by_segment.Mid-Market.grr" or
// "indicators.lift.0.lift": object names, map keys and list indexes from
// 0, joined by dots. The figure comes back formatted as the site shows
// it: ratios as percentages, money in the short form of the tiles
// ("$4.2M"), numbers with one decimal, counts with thousands separators,
// months as "Oct 2026", and the few figures the site writes their own way
// (hours, multiples, maturity scores) as it writes them. A figure that is
// undefined, or whose section has no data, is "n/a". A key that
// metrics.json does not have is an error that names the nearest one it
// has.
func MetricResolver(in Input) func(key string) (string, error) {
	root := reflect.ValueOf(in.Result)
	b := &builder{in: in, cur: in.Config.Currency}
	return func(key string) (string, error) { return b.resolveMetric(root, key) }
}

func (b *builder) resolveMetric(v reflect.Value, key string) (string, error) {
	segs := strings.Split(key, ".")
	// A null section, such as cost without cs_costs.csv, makes every figure
	// in it n/a. The names inside it are still checked against its type,
	// so that a mistyped name fails on every build, not only on those
	// whose data has the section.
	null := false
	var own func(*builder, any) string // the figure's own format, if it has one
	for i := 0; i < len(segs); i++ {
		own = nil
		v, null = deref(v, null)
		at := strings.Join(segs[:i], ".")
		if isFigure(v.Type()) {
			return "", fmt.Errorf("unknown metric %q: %s is a figure, with no %q in it", key, at, segs[i])
		}
		switch v.Kind() {
		case reflect.Struct:
			fields := jsonFields(v.Type())
			k := slices.IndexFunc(fields, func(f jsonField) bool { return f.name == segs[i] })
			if k < 0 {
				names := make([]string, len(fields))
				for j, f := range fields {
					names[j] = f.name
				}
				return "", unknownMetric(key, segs, i, names)
			}
			own = ownFormats[declaring(v.Type(), fields[k].index)][segs[i]]
			v = v.FieldByIndex(fields[k].index)
		case reflect.Map:
			if null {
				return format.NA, nil
			}
			// A map key may hold dots, as a CSM named "J. Smith" does: the
			// shortest run of segments that is a key wins.
			found := false
			for j := i + 1; j <= len(segs) && !found; j++ {
				if e := v.MapIndex(reflect.ValueOf(strings.Join(segs[i:j], ".")).Convert(v.Type().Key())); e.IsValid() {
					v, i, found = e, j-1, true
				}
			}
			if !found {
				var names []string
				for _, k := range v.MapKeys() {
					names = append(names, k.String())
				}
				slices.Sort(names)
				return "", unknownMetric(key, segs, i, names)
			}
		case reflect.Slice, reflect.Array:
			if null {
				return format.NA, nil
			}
			n, err := strconv.Atoi(segs[i])
			if err != nil || n < 0 || n >= v.Len() {
				if v.Len() == 0 {
					return "", fmt.Errorf("unknown metric %q: %s is an empty list", key, at)
				}
				return "", fmt.Errorf("unknown metric %q: %s is a list of %d: give an index from 0 to %d", key, at, v.Len(), v.Len()-1)
			}
			v = v.Index(n)
		default:
			return "", fmt.Errorf("unknown metric %q: %s cannot be looked into", key, at)
		}
	}
	v, null = deref(v, null)
	if !isFigure(v.Type()) {
		return "", fmt.Errorf("metric %q is a group of figures, not one: name one of them, such as %q", key, key+"."+firstName(v))
	}
	switch {
	case null:
		return format.NA, nil
	case own != nil:
		return own(b, v.Interface()), nil
	}
	return b.figure(v), nil
}

// declaring returns the struct type that declares the field of t at
// index, which is t itself unless the field is promoted from an embedded
// struct.
func declaring(t reflect.Type, index []int) reflect.Type {
	for _, i := range index[:len(index)-1] {
		t = t.Field(i).Type
	}
	return t
}

// ownFormats are the figures that the site shows in a way of their own
// rather than by their type's, keyed by the struct that holds them and
// their name: ratios that are not fractions, multiples and hours. A
// reference then reads as the page does.
var ownFormats = map[reflect.Type]map[string]func(b *builder, v any) string{
	reflect.TypeFor[metrics.Result](): {
		// The as-of month as metrics.json writes it, as CI reads it.
		"as_of": func(_ *builder, v any) string { return v.(period.Month).String() },
	},
	reflect.TypeFor[metrics.CostWindow](): {
		"cost_per_retained_arr": func(b *builder, v any) string { return format.PerUnit(v.(metrics.Ratio), b.cur) },
		"magic_number":          func(_ *builder, v any) string { return format.Multiple(v.(metrics.Ratio)) },
	},
	reflect.TypeFor[metrics.MaturityScore](): {
		"score":          func(_ *builder, v any) string { return format.Score(v.(metrics.Ratio)) },
		"previous_score": func(_ *builder, v any) string { return format.Score(v.(metrics.Ratio)) },
	},
	reflect.TypeFor[metrics.Lift](): {
		"lift": func(_ *builder, v any) string { return format.Multiple(metrics.Ratio(v.(metrics.Number))) },
	},
	reflect.TypeFor[metrics.NPSReport](): {
		"score": func(_ *builder, v any) string { return format.Number(v.(metrics.Number), 0) },
	},
	reflect.TypeFor[metrics.SupportFigures](): {
		"median_first_response_hours": hours,
		"p90_first_response_hours":    hours,
		"median_resolution_hours":     hours,
	},
}

func hours(_ *builder, v any) string { return format.Hours(v.(metrics.Number)) }

// deref follows pointers; a nil one goes on as the zero value of its
// type, and null says so.
func deref(v reflect.Value, null bool) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v, null = reflect.Zero(v.Type().Elem()), true
			continue
		}
		v = v.Elem()
	}
	return v, null
}

var (
	ratioType  = reflect.TypeFor[metrics.Ratio]()
	numberType = reflect.TypeFor[metrics.Number]()
	amountType = reflect.TypeFor[money.Amount]()
	textType   = reflect.TypeFor[encoding.TextMarshaler]()
	jsonType   = reflect.TypeFor[json.Marshaler]()
)

// isFigure reports whether metrics.json writes a value of type t as one
// value rather than an object or a list.
func isFigure(t reflect.Type) bool {
	if t == ratioType || t == numberType || t == amountType || t.Implements(textType) || t.Implements(jsonType) {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// figure formats a figure as the site shows its kind.
func (b *builder) figure(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case metrics.Ratio:
		return format.Percent(x)
	case metrics.Number:
		return format.Number(x, 1)
	case money.Amount:
		return b.moneyShort(x)
	case interface{ Label() string }: // months and weeks, as "Oct 2026"
		return orNA(x.Label())
	case encoding.TextMarshaler:
		t, _ := x.MarshalText()
		return orNA(string(t))
	case json.Marshaler:
		j, _ := x.MarshalJSON()
		var s string
		if json.Unmarshal(j, &s) == nil {
			return orNA(s)
		}
		if string(j) == "null" {
			return format.NA
		}
		return string(j)
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return "yes"
		}
		return "no"
	case reflect.Float32, reflect.Float64:
		// Headcounts and hours: one decimal at most, as the site shows them.
		return strconv.FormatFloat(math.Round(v.Float()*10)/10, 'f', -1, 64)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return format.Count(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return format.Count(int(v.Uint()))
	}
	return orNA(v.String())
}

func orNA(s string) string {
	if s == "" {
		return format.NA
	}
	return s
}

// jsonField is a field of a struct as metrics.json names it.
type jsonField struct {
	name  string
	index []int
}

// jsonFields returns the fields encoding/json writes of struct type t, in
// order, with the fields of embedded structs promoted as it does.
func jsonFields(t reflect.Type) []jsonField {
	var own, promoted []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for _, g := range jsonFields(f.Type) {
				promoted = append(promoted, jsonField{g.name, append([]int{i}, g.index...)})
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		own = append(own, jsonField{name, []int{i}})
	}
	// A field of the outer struct hides a promoted one of the same name.
	for _, p := range promoted {
		if !slices.ContainsFunc(own, func(f jsonField) bool { return f.name == p.name }) {
			own = append(own, p)
		}
	}
	return own
}

// firstName returns the first name or index inside a group of figures,
// for an example in a message.
func firstName(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Struct:
		if f := jsonFields(v.Type()); len(f) > 0 {
			return f[0].name
		}
	case reflect.Map:
		var keys []string
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		if len(keys) > 0 {
			return slices.Min(keys)
		}
	}
	return "0"
}

// unknownMetric is the error of a key whose segment i is not among names,
// with the nearest name as a hint, or the names when none is near.
func unknownMetric(key string, segs []string, i int, names []string) error {
	if near := diag.Nearest(segs[i], names); near != "" {
		fixed := slices.Clone(segs)
		fixed[i] = near
		return fmt.Errorf("unknown metric %q: did you mean %q?", key, strings.Join(fixed, "."))
	}
	at := "metrics.json"
	if i > 0 {
		at = strings.Join(segs[:i], ".")
	}
	if len(names) == 0 {
		return fmt.Errorf("unknown metric %q: %s is empty", key, at)
	}
	const shown = 12
	list := strings.Join(names[:min(len(names), shown)], ", ")
	if len(names) > shown {
		list += fmt.Sprintf(" and %d more", len(names)-shown)
	}
	return fmt.Errorf("unknown metric %q: %s has no %q; it has %s", key, at, segs[i], list)
}
