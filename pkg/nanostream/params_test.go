package nanostream

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterNormalised(t *testing.T) {
	f := Filter{StreamNames: []string{"b, a", " a ", ""}, Tags: []string{"sports"}, Countries: []string{"de", "AT,de"}}.Normalised()
	assert.Equal(t, Filter{StreamNames: []string{"a", "b"}, Tags: []string{"sports"}, Countries: []string{"AT", "DE"}}, f)
	assert.Equal(t, Filter{}, Filter{StreamNames: []string{" ", ","}}.Normalised(), "nothing left is no filter")
}

func TestFilterValidate(t *testing.T) {
	many := make([]string, MaxFilterValues+1)
	for i := range many {
		many[i] = fmt.Sprintf("t%d", i)
	}
	require.NoError(t, Filter{Tags: many[:MaxFilterValues], Countries: []string{"DE"}}.Validate())
	assert.EqualError(t, Filter{Tags: many}.Validate(), "The tag filter has 51 values; the nanoStream API accepts at most 50.")
	assert.EqualError(t, Filter{Countries: []string{"DEU"}}.Validate(), `The country "DEU" is not a two-letter ISO 3166 code such as DE.`)
}

func TestFilterValuesHaveALengthLimit(t *testing.T) {
	long := strings.Repeat("x", MaxFilterValueLength)
	require.NoError(t, Filter{StreamNames: []string{long}, Tags: []string{long}}.Validate(), "the longest value passes")
	require.NoError(t, Filter{StreamNames: []string{strings.Repeat("ü", MaxFilterValueLength)}}.Validate(), "characters, not bytes")

	huge := "nS4kq-" + strings.Repeat("a", 1<<20)
	err := Filter{StreamNames: []string{"ok", huge}}.Validate()
	require.Error(t, err)
	assert.Equal(t, `A stream name is 1048582 characters long, more than the 128 the nanoStream API accepts per value: "nS4kq-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"….`, err.Error())
	assert.Less(t, len(err.Error()), 200, "the value is not echoed whole")

	err = Filter{Tags: []string{strings.Repeat("t", MaxFilterValueLength+1)}}.Validate()
	assert.ErrorContains(t, err, "A tag is 129 characters long")
	err = Filter{Countries: []string{strings.Repeat("D", 1000)}}.Validate()
	assert.ErrorContains(t, err, "A country is 1000 characters long")

	// 50 streams and 50 tags of 128 characters fit no request line of 8 KB
	var names, tags []string
	for i := range MaxFilterValues {
		names = append(names, fmt.Sprintf("%03d-%s", i, long[4:]))
		tags = append(tags, fmt.Sprintf("%03d-%s", i, long[4:]))
	}
	err = Filter{StreamNames: names, Tags: tags}.Validate()
	require.Error(t, err)
	assert.Equal(t, "The filter values take 13094 bytes of the request together, more than the 6000 a request to the nanoStream API can carry: choose fewer or shorter values.", err.Error())
	require.NoError(t, Filter{StreamNames: names[:40]}.Validate())

	// what passes fits nginx's 8 KB request line with room to spare
	for i := range names {
		names[i], tags[i] = names[i][:60], tags[i][:40]
	}
	f := Filter{StreamNames: names, Tags: tags, Countries: []string{"AT", "DE"}}
	require.NoError(t, f.Validate())
	line := "GET /api" + RouteMaxViewers + "?" + Series{Range: Range{From: lastHour.From, To: lastHour.To, Filter: f}, Interval: "minute"}.call(RouteMaxViewers).Params.Encode() + " HTTP/1.1"
	assert.Less(t, len(line), 8192)
}

func TestEveryFilterErrorIsOneSentence(t *testing.T) {
	many := make([]string, MaxFilterValues+1)
	for i := range many {
		many[i] = fmt.Sprintf("v%d", i)
	}
	for _, f := range []Filter{
		{StreamNames: many}, {Tags: many}, {Countries: many},
		{StreamNames: []string{strings.Repeat("s", 500)}}, {Countries: []string{"DEU"}}, {Countries: []string{"d"}},
	} {
		err := f.Validate()
		require.Error(t, err)
		assertSentence(t, err.Error())
	}
}
