package simulator

import (
	"bytes"
	"log"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	assert.Equal(t, []string{DemoAPIKey}, o.APIKeys)
	assert.Equal(t, "X-BINTU-APIKEY", o.APIKeyHeader)
	assert.Equal(t, map[string]string{DemoEmail: DemoPassword}, o.Accounts)
	assert.Equal(t, time.Hour, o.TokenTTL)
	assert.Equal(t, 1.0, o.Rate)
	assert.Equal(t, 30, o.Burst)
	assert.Equal(t, int64(1), o.Seed)
	assert.False(t, o.Throttle)
	assert.False(t, o.Admin, "the admin routes are off unless asked for")
	assert.NotNil(t, o.Now)
}

func TestRequestLog(t *testing.T) {
	var buf bytes.Buffer
	sim, _ := newTestSim(t, Options{Logger: log.New(&buf, "", 0), Admin: true})
	token := login(t, sim, "/authenticate", demoLogin)
	get(sim, countriesPath)
	do(sim, http.MethodGet, countriesPath, map[string]string{"x-access-token": token}, "")
	do(sim, http.MethodGet, "/_simulator/stats", nil, "")
	out := buf.String()
	assert.Contains(t, out, "POST /authenticate -> 200")
	assert.Contains(t, out, "GET /v2/filters/countries -> 200")
	assert.NotContains(t, out, DemoAPIKey)
	assert.NotContains(t, out, token)
	assert.NotContains(t, out, DemoPassword)
	assert.NotContains(t, out, "_simulator")
}

func TestConcurrentUse(t *testing.T) {
	sim, clock := newTestSim(t, Options{Throttle: true, Burst: 1000})
	paths := [][]string{
		append([]string{hourlyPath}, rangeParams(testNow.Truncate(time.Hour).AddDate(0, 0, -4), testNow.Truncate(time.Hour), "hour")...),
		append([]string{viewersPath}, rangeParams(testNow.Add(-3*time.Hour), testNow, "minute", "countries", "DE")...),
		{"/v2/usage/city/playout/bytes", "from", ts(testNow.AddDate(0, 0, -3)), "to", ts(testNow)},
		{"/v2/alerting/ingest"},
		append([]string{splitPath("streams")}, rangeParams(testNow.AddDate(0, 0, -4), testNow, "hour")...),
		append([]string{startupPath}, rangeParams(testNow.AddDate(0, 0, -2), testNow, "hour", "countries", "IN")...),
	}
	want := make([]string, len(paths))
	for i, p := range paths {
		want[i] = get(sim, p[0], p[1:]...).Body.String()
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 12; i++ {
				p := paths[(w+i)%len(paths)]
				assert.Equal(t, want[(w+i)%len(paths)], get(sim, p[0], p[1:]...).Body.String())
				if i%5 == 0 {
					sim.SetFaults(Faults{})
					_ = sim.Stats()
					assert.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/authenticate", nil, demoLogin).Code)
				}
			}
		}()
	}
	wg.Wait()
	clock.Advance(time.Second)
	stats := sim.Stats()
	require.Equal(t, int64(len(paths)+8*12+8*3), stats.Requests)
	assert.Equal(t, int64(8*3), stats.Logins)
}
