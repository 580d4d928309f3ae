package contractcheck

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func items(t *testing.T, js string) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(js), &out))
	return out
}

func identity(s string) string { return s }

func byName(fields []Field) map[string]Field {
	out := map[string]Field{}
	for _, f := range fields {
		out[f.Name] = f
	}
	return out
}

func TestSpecFollowsTheClientsJSONTags(t *testing.T) {
	names := func(specs []fieldSpec) []string {
		var out []string
		for _, s := range specs {
			out = append(out, s.name)
		}
		return out
	}
	assert.Equal(t, []string{"timestamp", "maxConcurrentViewers"}, names(specOf(reflect.TypeFor[nanostream.ViewersPoint]())))
	bytes := specOf(reflect.TypeFor[nanostream.BytesPoint]())
	assert.Equal(t, fieldSpec{name: "playout", want: jsonNumber, optional: true}, bytes[1])
	alert := specOf(reflect.TypeFor[nanostream.Alert]())
	servers, details := alert[11], alert[13]
	assert.Equal(t, fieldSpec{name: "servers", want: jsonArray, elemWant: jsonString}, servers)
	assert.Equal(t, "connectionsDetails", details.name)
	assert.Equal(t, []string{"ip", "server", "protocol", "countryCode", "elapsedTime", "bitrateKbps"}, names(details.elem))

	type embedded struct {
		Inner string `json:"inner"`
	}
	type tagged struct {
		embedded
		Plain   int
		Skipped string `json:"-"`
		hidden  string
		Renamed *bool `json:"renamed,omitempty"`
	}
	_ = tagged{}.hidden
	assert.Equal(t, []string{"inner", "Plain", "renamed"}, names(specOf(reflect.TypeFor[tagged]())))
}

func TestCheckItems(t *testing.T) {
	specs := specOf(reflect.TypeFor[nanostream.PlaybackTotal]())
	check := checkItems(specs, items(t, `[
		{"key": "a", "playbackStarts": 10, "errors": 1, "successRatio": 90},
		{"key": "b", "playbackStarts": 0, "errors": 0},
		{"key": "c", "playbackStarts": 5, "errors": "2", "successRatio": null, "extra": 1}
	]`), identity)
	f := byName(check.fields)
	assert.True(t, f["key"].Held)
	assert.Equal(t, Field{Name: "successRatio", Want: jsonNumber, Optional: true, Items: 3, Present: 1, Null: 1, Allowed: 1, Held: true}, f["successRatio"],
		"absent without starts is what the contract allows")
	assert.False(t, f["errors"].Held)
	assert.Equal(t, map[string]int{jsonString: 1}, f["errors"].WrongType)
	assert.Equal(t, "wrong type: string in 1 of 3 items, the plugin reads a number", f["errors"].Problem)
	assert.Equal(t, []string{"extra"}, check.other)

	// a field the client needs in every item may not be missing from one
	check = checkItems(specOf(reflect.TypeFor[nanostream.UsageEntry]()), items(t, `[{"key": "a", "bytes": 1}, {"key": "b"}]`), identity)
	assert.Equal(t, "absent from 1 of 2 items, which the plugin reads as 0", byName(check.fields)["bytes"].Problem)
	// an optional one may
	check = checkItems(specOf(reflect.TypeFor[nanostream.BytesPoint]()), items(t, `[{"timestamp": 1, "playout": 1, "ingest": 1}, {"timestamp": 2, "ingest": 1}]`), identity)
	assert.True(t, byName(check.fields)["playout"].Held)
	// but not from all
	check = checkItems(specOf(reflect.TypeFor[nanostream.BytesPoint]()), items(t, `[{"timestamp": 1, "ingest": 1, "Playout": 1}]`), identity)
	assert.Equal(t, "absent from all 1 items", byName(check.fields)["playout"].Problem, "names are case-sensitive, as the client reads them")
	assert.Equal(t, []string{"Playout"}, check.other)

	// the elements of lists, and the fields of the objects in them
	check = checkItems(specOf(reflect.TypeFor[nanostream.Alert]()), items(t, `[
		{"servers": ["a", 1], "connectionsDetails": [{"ip": "x", "bitrateKbps": "fast", "port": 1}]}
	]`), identity)
	f = byName(check.fields)
	assert.Equal(t, map[string]int{"array of number": 1}, f["servers"].WrongType)
	assert.Equal(t, map[string]int{jsonString: 1}, f["connectionsDetails[].bitrateKbps"].WrongType)
	assert.True(t, f["connectionsDetails[].ip"].Held)
	assert.Equal(t, 1, f["connectionsDetails[].ip"].Items)
	assert.Contains(t, check.other, "connectionsDetails[].port")

	// items that are not objects
	check = checkItems(specOf(reflect.TypeFor[nanostream.Country]()), items(t, `[1, "DE", {"code": "AT", "name": "Austria"}]`), identity)
	assert.Equal(t, 2, check.notObjects)
	assert.True(t, byName(check.fields)["code"].Held)
}

func TestFieldNameOfAHostileName(t *testing.T) {
	assert.Equal(t, "plain", fieldName(identity, "plain"))
	assert.Equal(t, `"two\nlines"`, fieldName(identity, "two\nlines"), "no forged report line")
	assert.Equal(t, `"a, b"`, fieldName(identity, "a, b"), "a list stays readable")
	long := fieldName(identity, string(make([]byte, 200)))
	assert.Less(t, len(long), 400)
	redact := nanostream.NewRedactor("topsecret-key").Redact
	assert.Equal(t, nanostream.Redacted, fieldName(redact, "topsecret-key"))
	assert.Equal(t, "x"+nanostream.Redacted, fieldName(redact, "xtopsecret-key"), "redacted before it is cut")
}
