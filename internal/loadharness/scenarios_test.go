package loadharness

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestDistinctQueriesNameOneStreamEachAndDiffer(t *testing.T) {
	now := time.Date(2026, 11, 23, 4, 30, 0, 0, time.UTC)
	ds := simulator.New(simulator.Options{Now: func() time.Time { return now }}).Dataset()
	from := now.Add(-time.Hour)
	picked := distinctQueries(ds, from, now, 40)
	require.Len(t, picked, 40)
	seen := map[string]bool{}
	for _, q := range picked {
		require.Len(t, q.filter.StreamNames, 1)
		key := strings.Join([]string{q.filter.StreamNames[0], strings.Join(q.filter.Tags, ","), strings.Join(q.filter.Countries, ","), q.interval}, "|")
		assert.False(t, seen[key], "duplicate filter %s", key)
		seen[key] = true
	}
	for i := 1; i < len(picked); i++ {
		assert.False(t, picked[i].hasData && !picked[i-1].hasData, "filters with viewers come first")
	}
	onAir := 0
	for _, s := range ds.Streams() {
		if ds.MaxViewers(from, now, simulator.Filter{StreamNames: []string{s.Name}}) > 0 {
			onAir++
		}
	}
	assert.Equal(t, min(onAir, 40), streamCount(picked), "every stream with viewers is named")
}
