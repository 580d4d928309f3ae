package contractcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// JSON types, as the report names them.
const (
	jsonString  = "string"
	jsonNumber  = "number"
	jsonBoolean = "boolean"
	jsonArray   = "array"
	jsonObject  = "object"
	jsonNull    = "null"
	jsonAny     = "any"
)

// fieldSpec is a field the plugin reads, found on the json tags of the
// client's item type: a corrected name in the client is what the check
// verifies.
type fieldSpec struct {
	name     string
	want     string      // JSON type
	optional bool        // a pointer: the client takes an absent value as none
	elemWant string      // an array's elements' JSON type
	elem     []fieldSpec // the fields of the objects inside an array or an object
}

// specOf lists the fields the client reads from an item of type t, as
// encoding/json matches them: exported fields by their json tag or name,
// embedded structs without a tag flattened.
func specOf(t reflect.Type) []fieldSpec {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []fieldSpec
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			out = append(out, specOf(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, specOfField(name, f.Type))
	}
	return out
}

func specOfField(name string, t reflect.Type) fieldSpec {
	s := fieldSpec{name: name}
	if t.Kind() == reflect.Pointer {
		s.optional = true
		t = t.Elem()
	}
	s.want = jsonTypeOf(t)
	switch s.want {
	case jsonArray:
		elem := t.Elem()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		s.elemWant = jsonTypeOf(elem)
		if s.elemWant == jsonObject {
			s.elem = specOf(elem)
		}
	case jsonObject:
		s.elem = specOf(t)
	}
	return s
}

func jsonTypeOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return jsonString
	case reflect.Bool:
		return jsonBoolean
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return jsonNumber
	case reflect.Slice, reflect.Array:
		return jsonArray
	case reflect.Struct, reflect.Map:
		return jsonObject
	}
	return jsonAny
}

// jsonTypeOfRaw is the JSON type of a raw value.
func jsonTypeOfRaw(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return jsonNull
	}
	switch raw[0] {
	case '"':
		return jsonString
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	case 't', 'f':
		return jsonBoolean
	case 'n':
		return jsonNull
	}
	return jsonNumber
}

// mayBeAbsent are the fields the working contract allows to be left out of
// an item, with the condition: successRatio in a bucket without starts.
var mayBeAbsent = map[string]func(item map[string]json.RawMessage) bool{
	"successRatio": func(item map[string]json.RawMessage) bool {
		starts, ok := item["playbackStarts"]
		return !ok || bytes.Equal(bytes.TrimSpace(starts), []byte("0")) || jsonTypeOfRaw(starts) == jsonNull
	},
}

// Field is what came back for one field the plugin reads, counted over the
// items (values are never kept). A field of the objects in a list inside
// the items is named with the list's name and [], e.g.
// "timeseries[].successRatio", and counted over those objects.
type Field struct {
	Name string `json:"name"`
	Want string `json:"want"` // the JSON type the client reads
	// Optional fields may be absent from an item: the client takes that
	// as no value.
	Optional bool `json:"optional,omitempty"`
	Items    int  `json:"items"`   // items checked
	Present  int  `json:"present"` // items with a value of the wanted type
	Null     int  `json:"null,omitempty"`
	Absent   int  `json:"absent,omitempty"`
	// Allowed counts the items the field is absent from where the
	// working contract allows it (successRatio without starts).
	Allowed   int            `json:"absentAllowed,omitempty"`
	WrongType map[string]int `json:"wrongType,omitempty"` // JSON type that came instead -> items
	Held      bool           `json:"held"`
	Problem   string         `json:"problem,omitempty"`
}

// itemCheck is the outcome of checking a data list's items.
type itemCheck struct {
	fields     []Field
	other      []string // names that came back and that the client does not read
	notObjects int      // items that are not JSON objects
}

// maxOtherNames bounds the unknown names a report lists.
const maxOtherNames = 40

// checkItems checks every item against the fields the client reads.
// Names the API sent pass through redact before anything else.
func checkItems(specs []fieldSpec, items []json.RawMessage, redact func(string) string) itemCheck {
	var out itemCheck
	other := map[string]bool{}
	checkLevel(specs, items, "", &out, other, redact)
	out.other = slices.Sorted(maps.Keys(other))
	if len(out.other) > maxOtherNames {
		out.other = append(out.other[:maxOtherNames], fmt.Sprintf("… %d more", len(out.other)-maxOtherNames))
	}
	return out
}

func checkLevel(specs []fieldSpec, items []json.RawMessage, prefix string, out *itemCheck, other map[string]bool, redact func(string) string) {
	objects := make([]map[string]json.RawMessage, 0, len(items))
	for _, raw := range items {
		var obj map[string]json.RawMessage
		if jsonTypeOfRaw(raw) != jsonObject || json.Unmarshal(raw, &obj) != nil {
			out.notObjects++
			continue
		}
		objects = append(objects, obj)
	}
	known := map[string]bool{}
	for _, s := range specs {
		known[s.name] = true
	}
	for _, obj := range objects {
		for name := range obj {
			if !known[name] {
				other[prefix+fieldName(redact, name)] = true
			}
		}
	}
	for _, s := range specs {
		f := Field{Name: prefix + s.name, Want: s.want, Optional: s.optional, Items: len(objects)}
		var nested []json.RawMessage
		for _, obj := range objects {
			raw, ok := obj[s.name]
			switch got := jsonTypeOfRaw(raw); {
			case !ok:
				if allowed := mayBeAbsent[s.name]; allowed != nil && allowed(obj) {
					f.Allowed++
				} else {
					f.Absent++
				}
			case got == jsonNull:
				f.Null++
			case got == s.want || s.want == jsonAny:
				if wrong := elementTypes(s, raw, &nested); wrong != "" {
					f.wrong(jsonArray + " of " + wrong)
				} else {
					f.Present++
				}
			default:
				f.wrong(got)
			}
		}
		f.judge()
		out.fields = append(out.fields, f)
		if len(s.elem) > 0 {
			sub := prefix + s.name + "."
			if s.want == jsonArray {
				sub = prefix + s.name + "[]."
			}
			checkLevel(s.elem, nested, sub, out, other, redact)
		}
	}
}

// elementTypes collects the objects inside an array or object field for the
// next level, and names an element type of an array other than the wanted
// one.
func elementTypes(s fieldSpec, raw json.RawMessage, nested *[]json.RawMessage) string {
	if s.want == jsonObject && len(s.elem) > 0 {
		*nested = append(*nested, raw)
		return ""
	}
	if s.want != jsonArray || s.elemWant == "" || s.elemWant == jsonAny {
		return ""
	}
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return ""
	}
	for _, e := range elems {
		got := jsonTypeOfRaw(e)
		if got != s.elemWant && got != jsonNull {
			return got
		}
		if s.elemWant == jsonObject {
			*nested = append(*nested, e)
		}
	}
	return ""
}

func (f *Field) wrong(got string) {
	if f.WrongType == nil {
		f.WrongType = map[string]int{}
	}
	f.WrongType[got]++
}

// judge decides whether the field held: no item with another JSON type,
// and a value in some item; a field the client needs in every item (not a
// pointer) must not be missing from any.
func (f *Field) judge() {
	switch {
	case len(f.WrongType) > 0:
		var got []string
		for _, t := range slices.Sorted(maps.Keys(f.WrongType)) {
			got = append(got, fmt.Sprintf("%s in %d", t, f.WrongType[t]))
		}
		f.Problem = fmt.Sprintf("wrong type: %s of %d items, the plugin reads a %s", strings.Join(got, ", "), f.Items, f.Want)
	case f.Items > 0 && f.Absent > 0 && f.Present+f.Null == 0 && f.Absent+f.Allowed == f.Items:
		f.Problem = fmt.Sprintf("absent from all %d items", f.Items)
	case f.Absent > 0 && !f.Optional:
		f.Problem = fmt.Sprintf("absent from %d of %d items, which the plugin reads as 0", f.Absent, f.Items)
	}
	f.Held = f.Problem == ""
}

// maxNameRunes bounds a field name the API sent, as the report shows it.
const maxNameRunes = 64

// fieldName is a name the API sent, redacted first, then cut for the
// report and with control characters escaped, so that a hostile name can
// neither leak part of a secret nor forge report lines.
func fieldName(redact func(string) string, name string) string {
	name = redact(name)
	if utf8.RuneCountInString(name) > maxNameRunes {
		name = string([]rune(name)[:maxNameRunes]) + "…"
	}
	q := fmt.Sprintf("%q", name)
	if q[1:len(q)-1] == name && !strings.ContainsAny(name, " ,") {
		return name
	}
	return q
}
