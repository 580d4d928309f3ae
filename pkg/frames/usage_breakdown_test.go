package frames

import (
	"fmt"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func streamEntries() []nanostream.UsageEntry {
	return []nanostream.UsageEntry{
		{Key: "nS4kq-main", Bytes: 600e9},
		{Key: "nS4kq-news", Bytes: 250e9},
		{Key: "nS4kq-sport", Bytes: 100e9},
		{Key: "nS4kq-test", Bytes: 50e9},
	}
}

// column is a frame's field as a slice of its values.
func column(t *testing.T, frame *data.Frame, name string) []any {
	t.Helper()
	field, i := frame.FieldByName(name)
	require.GreaterOrEqual(t, i, 0, name)
	out := make([]any, field.Len())
	for j := range out {
		out[j] = field.At(j)
		if p, ok := out[j].(*float64); ok && p != nil {
			out[j] = *p
		}
	}
	return out
}

func TestUsageBreakdownWithAnOtherRow(t *testing.T) {
	frame := UsageBreakdown(Breakdown{Term: "stream", Direction: "playout", Limit: 2, Entries: streamEntries()})
	experimental.CheckGoldenJSONFrame(t, "testdata", "usage_breakdown_stream", frame, *update)
	assert.Equal(t, []any{"nS4kq-main", "nS4kq-news", "Other"}, column(t, frame, "stream"))
	assert.Equal(t, []any{600e9, 250e9, 150e9}, column(t, frame, "bytes"))
	assert.Equal(t, []any{60.0, 25.0, 15.0}, column(t, frame, "share"), "shares of the listed keys' sum: the answer was complete")
}

func TestUsageBreakdownSharesOfTheRangesTotal(t *testing.T) {
	total := 2000e9 // the byte usage of the range: the API listed only the largest keys
	frame := UsageBreakdown(Breakdown{Term: "stream", Direction: "playout", Limit: 10, Entries: streamEntries(), Total: &total})
	assert.Equal(t, []any{"nS4kq-main", "nS4kq-news", "nS4kq-sport", "nS4kq-test", "Other"}, column(t, frame, "stream"))
	assert.Equal(t, []any{30.0, 12.5, 5.0, 2.5, 50.0}, column(t, frame, "share"))

	smaller := 900e9 // fetched a moment before the breakdown: the newest minutes grew
	frame = UsageBreakdown(Breakdown{Term: "stream", Direction: "playout", Limit: 10, Entries: streamEntries(), Total: &smaller})
	assert.Equal(t, 4, frame.Rows(), "nothing left for an Other row")
	var sum float64
	for _, s := range column(t, frame, "share") {
		sum += s.(float64)
	}
	assert.InDelta(t, 100, sum, 1e-9)
}

func TestUsageBreakdownOfCountries(t *testing.T) {
	lists := [][]nanostream.UsageEntry{
		{{Key: "DE", Bytes: 500e9}, {Key: "IN", Bytes: 300e9}, {Key: "AT", Bytes: 100e9}},
		{{Key: "DE", Bytes: 40e9}, {Key: "US", Bytes: 60e9}},
	}
	frame := UsageBreakdown(Breakdown{Term: "country", Direction: "total", Limit: 3, Entries: nanostream.SumByKey(lists...),
		Names: map[string]string{"DE": "Germany", "IN": "India", "AT": "Austria"}})
	experimental.CheckGoldenJSONFrame(t, "testdata", "usage_breakdown_country_total", frame, *update)
	assert.Equal(t, []any{"DE", "IN", "AT", ""}, column(t, frame, "country"), "ISO codes first: Geomap's lookup field; the Other row has none")
	assert.Equal(t, []any{"Germany", "India", "Austria", "Other"}, column(t, frame, "name"))
	assert.Equal(t, []any{540e9, 300e9, 100e9, 60e9}, column(t, frame, "bytes"))
	assert.Equal(t, "country", frame.Fields[0].Name)
	assert.Equal(t, data.FieldTypeString, frame.Fields[0].Type(), "the first string field, which Geomap looks up")
}

func TestUsageBreakdownWithoutKeys(t *testing.T) {
	frame := UsageBreakdown(Breakdown{Term: "ip", Direction: "ingest", Limit: 10, Entries: []nanostream.UsageEntry{}})
	assert.Zero(t, frame.Rows())
	assert.Equal(t, []string{"ip", "bytes", "share"}, []string{frame.Fields[0].Name, frame.Fields[1].Name, frame.Fields[2].Name})
	require.Len(t, frame.Meta.Notices, 1)
}

func TestUsageBreakdownWithoutTraffic(t *testing.T) {
	frame := UsageBreakdown(Breakdown{Term: "city", Direction: "playout", Limit: 10, Entries: []nanostream.UsageEntry{{Key: "Berlin"}}})
	assert.Equal(t, []any{(*float64)(nil)}, column(t, frame, "share"), "no share of nothing")
}

func TestSumByKeyAddsTheDirections(t *testing.T) {
	got := nanostream.SumByKey(
		[]nanostream.UsageEntry{{Key: "b", Bytes: 5}, {Key: "a", Bytes: 3}},
		[]nanostream.UsageEntry{{Key: "a", Bytes: 2}, {Key: "c", Bytes: 1}})
	assert.Equal(t, []nanostream.UsageEntry{{Key: "a", Bytes: 5}, {Key: "b", Bytes: 5}, {Key: "c", Bytes: 1}}, got, "largest first, ties by key")
}

// thousandKeys is a breakdown of both directions of 1000 addresses each.
func thousandKeys() [][]nanostream.UsageEntry {
	lists := make([][]nanostream.UsageEntry, 2)
	for d := range lists {
		lists[d] = make([]nanostream.UsageEntry, 1000)
		for i := range lists[d] {
			lists[d][i] = nanostream.UsageEntry{Key: fmt.Sprintf("198.51.%d.%d", (i+d*500)/256, (i+d*500)%256), Bytes: float64(1e12 / (i + 1))}
		}
	}
	return lists
}

// BenchmarkUsageBreakdown1000Keys frames a total breakdown of 1000 keys per
// direction (summed per key) with a limit of 1000.
func BenchmarkUsageBreakdown1000Keys(b *testing.B) {
	lists := thousandKeys()
	total := 5e15
	b.ReportAllocs()
	for b.Loop() {
		entries := nanostream.SumByKey(lists...)
		frame := UsageBreakdown(Breakdown{Term: "ip", Direction: "total", Limit: 1000, Entries: entries, Total: &total})
		if frame.Rows() != 1001 {
			b.Fatalf("%d rows", frame.Rows())
		}
	}
}

// BenchmarkUsageBreakdown1000KeysOneDirection frames one direction's 1000
// keys with a limit of 1000.
func BenchmarkUsageBreakdown1000KeysOneDirection(b *testing.B) {
	entries := thousandKeys()[0]
	b.ReportAllocs()
	for b.Loop() {
		if frame := UsageBreakdown(Breakdown{Term: "ip", Direction: "playout", Limit: 1000, Entries: nanostream.SumByKey(entries)}); frame.Rows() != 1000 {
			b.Fatalf("%d rows", frame.Rows())
		}
	}
}
