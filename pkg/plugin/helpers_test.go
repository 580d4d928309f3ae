package plugin

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// testNow is the fixed clock of the simulator and the data source.
var testNow = time.Date(2026, 11, 23, 14, 37, 25, 0, time.UTC)

const (
	testAPIKey   = "ops-team-api-key-7f3a9c"
	testEmail    = "ops@example.com"
	testPassword = "correct-horse-battery-staple"
)

// fixture is a simulator and a data source pointed at it.
type fixture struct {
	sim *simulator.Server
	ds  *Datasource
}

func newFixture(t *testing.T, jsonData string, secure map[string]string) *fixture {
	t.Helper()
	return newFixtureWith(t, simulator.Options{Now: func() time.Time { return testNow }}, jsonData, secure)
}

// newFixtureWith starts the simulator with opts (the test credentials are
// added) and a data source with jsonData and secure.
func newFixtureWith(t *testing.T, opts simulator.Options, jsonData string, secure map[string]string) *fixture {
	t.Helper()
	opts.APIKeys = []string{testAPIKey}
	opts.Accounts = map[string]string{testEmail: testPassword}
	sim, err := simulator.Listen("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	return &fixture{sim: sim, ds: newTestDatasource(t, sim.URL, jsonData, secure)}
}

func newAPIKeyFixture(t *testing.T) *fixture {
	return newFixture(t, `{}`, map[string]string{"apiKey": testAPIKey})
}

func newTestDatasource(t *testing.T, url, jsonData string, secure map[string]string) *Datasource {
	t.Helper()
	ds := newDatasource(context.Background(), backend.DataSourceInstanceSettings{
		UID: "nanostream-test", Name: "nanoStream", Type: PluginID, URL: url, JSONData: json.RawMessage(jsonData), DecryptedSecureJSONData: secure,
	}, testOrgs(t))
	ds.now = func() time.Time { return testNow }
	t.Cleanup(ds.Dispose)
	return ds
}

// testOrgs is the organisations' state of one test: the data sources a
// test makes share it, as those of one plugin process do, and no test sees
// another's, even where a simulator gets a port an earlier one had.
func testOrgs(t *testing.T) *nanostream.Orgs {
	orgsMu.Lock()
	defer orgsMu.Unlock()
	if o, ok := orgsByTest[t]; ok {
		return o
	}
	o := nanostream.NewOrgs()
	orgsByTest[t] = o
	t.Cleanup(func() {
		orgsMu.Lock()
		defer orgsMu.Unlock()
		delete(orgsByTest, t)
	})
	return o
}

var (
	orgsMu     sync.Mutex
	orgsByTest = map[*testing.T]*nanostream.Orgs{}
)

func query(refID, body string, from, to time.Time) backend.DataQuery {
	return backend.DataQuery{RefID: refID, JSON: json.RawMessage(body), TimeRange: backend.TimeRange{From: from, To: to}, MaxDataPoints: 1000}
}

func (f *fixture) queryData(t *testing.T, queries ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, err := f.ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	require.NoError(t, err)
	require.Len(t, resp.Responses, len(queries), "every query gets an answer")
	return resp
}

func floats(t *testing.T, resp backend.DataResponse, field int) []*float64 {
	t.Helper()
	require.NoError(t, resp.Error)
	require.Len(t, resp.Frames, 1)
	f := resp.Frames[0].Fields[field]
	out := make([]*float64, f.Len())
	for i := range out {
		v, ok := f.ConcreteAt(i)
		if ok {
			x := v.(float64)
			out[i] = &x
		}
	}
	return out
}
