package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// OtherKey is the key of the row that holds the bytes of every key beyond
// the limit.
const OtherKey = "Other"

// Breakdown is what a usage breakdown table is made of.
type Breakdown struct {
	Term      string // stream, country, city, referrer or ip
	Direction string // playout, ingest or total: names the bytes
	Limit     int    // rows before the Other row
	// Entries are the keys the API listed, largest first: one direction's
	// answer, or both summed per key.
	Entries []nanostream.UsageEntry
	// Total is the bytes of the whole range and filter, from the byte
	// usage of the same range, when the entries may not list every key;
	// nil when they do, and their sum is the total.
	Total *float64
	// Names are the countries' names by ISO code, for the country term.
	Names map[string]string
}

// keyFields are the name and the display name of the key field of each
// term.
var keyFields = map[string][2]string{
	nanostream.TermStream:   {"stream", "Stream"},
	nanostream.TermCountry:  {"country", "Country code"},
	nanostream.TermCity:     {"city", "City"},
	nanostream.TermReferrer: {"referrer", "Referrer"},
	nanostream.TermIP:       {"ip", "IP address"},
}

// bytesNames are the display names of the bytes of each direction.
var bytesNames = map[string]string{
	nanostream.DirectionPlayout: "Playout",
	nanostream.DirectionIngest:  "Ingest",
	"total":                     "Total",
}

// UsageBreakdown is one table, largest first: the key (its field named by
// the term: a stream name ready to set a $stream variable, an ISO alpha-2
// country code, which Grafana's Geomap places with its built-in countries
// gazetteer in "lookup" mode, a city, a referrer or an address), for
// countries their name next to it, the bytes, and the share of the range's
// total in percent. The rows are the Limit largest keys, then an Other row
// with the rest of the total, so that the shares add up to 100 %; there is
// no Other row when nothing is left. A total smaller than the listed keys'
// sum (the newest minutes grow between two answers) counts as their sum.
// An answer without keys is a frame without rows, with a notice.
func UsageBreakdown(b Breakdown) *data.Frame {
	listed := nanostream.SumBytes(b.Entries)
	total := listed
	if b.Total != nil && *b.Total > total {
		total = *b.Total
	}
	shown := b.Entries[:min(max(b.Limit, 0), len(b.Entries))]
	other := total - nanostream.SumBytes(shown)
	rows := len(shown)
	if other > 0 {
		rows++
	}
	keys := make([]string, 0, rows)
	names := make([]string, 0, rows)
	bytes := make([]float64, 0, rows)
	shares := make([]*float64, 0, rows)
	share := func(v float64) *float64 {
		if total <= 0 {
			return nil
		}
		s := v / total * 100
		return &s
	}
	for _, e := range shown {
		keys = append(keys, e.Key)
		name := b.Names[e.Key]
		if name == "" {
			name = e.Key
		}
		names = append(names, name)
		bytes = append(bytes, e.Bytes)
		shares = append(shares, share(e.Bytes))
	}
	if other > 0 {
		key := OtherKey
		if b.Term == nanostream.TermCountry {
			key = "" // no country: the Geomap places nothing for it
		}
		keys = append(keys, key)
		names = append(names, OtherKey)
		bytes = append(bytes, other)
		shares = append(shares, share(other))
	}
	key, ok := keyFields[b.Term]
	if !ok {
		key = [2]string{"key", "Key"}
	}
	fields := []*data.Field{data.NewField(key[0], nil, keys).SetConfig(&data.FieldConfig{DisplayName: key[1]})}
	if b.Term == nanostream.TermCountry {
		fields = append(fields, data.NewField("name", nil, names).SetConfig(&data.FieldConfig{DisplayName: "Country"}))
	}
	bytesName := bytesNames[b.Direction]
	if bytesName == "" {
		bytesName = "Bytes"
	}
	fields = append(fields,
		data.NewField("bytes", nil, bytes).SetConfig(&data.FieldConfig{DisplayName: bytesName, Unit: unitBytes}),
		data.NewField("share", nil, shares).SetConfig(&data.FieldConfig{DisplayName: "Share", Unit: unitPercent,
			Decimals: decimals(2), Min: confFloat(0), Max: confFloat(100)}),
	)
	frame := data.NewFrame("usageBreakdown", fields...)
	frame.Meta = newMeta(table)
	if len(b.Entries) == 0 {
		frame.Meta.Notices = []data.Notice{noDataNotice}
	}
	return frame
}
