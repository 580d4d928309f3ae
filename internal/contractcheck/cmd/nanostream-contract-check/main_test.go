package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/contractcheck"
)

func runWith(args []string, vars map[string]string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, func(name string) string { return vars[name] }, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestDryRunAgainstTheSimulator(t *testing.T) {
	code, out, _ := runWith([]string{"-simulator"}, nil)
	assert.Equal(t, contractcheck.ExitHeld, code, out)
	assert.Contains(t, out, "(the built-in simulator)")
	assert.Contains(t, out, "summary: 18 of 18 routes held")

	code, out, _ = runWith([]string{"-simulator", "-json", "-all-breakdowns"}, map[string]string{contractcheck.EnvAuthType: "account"})
	assert.Equal(t, contractcheck.ExitHeld, code, out)
	var rep contractcheck.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Len(t, rep.Routes, 24, "the login, and every breakdown")
	assert.Equal(t, "login", rep.Routes[0].Name)
	assert.Equal(t, 0, rep.ExitCode)
}

func TestCredentialsOnlyFromTheEnvironment(t *testing.T) {
	code, out, errOut := runWith(nil, nil)
	assert.Equal(t, contractcheck.ExitCouldNotRun, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "NANOSTREAM_API_KEY")

	code, _, errOut = runWith([]string{"my-api-key"}, map[string]string{contractcheck.EnvAPIKey: "k"})
	assert.Equal(t, contractcheck.ExitCouldNotRun, code)
	assert.Contains(t, errOut, "never from arguments")
	assert.NotContains(t, errOut, "my-api-key")

	code, _, _ = runWith([]string{"-bogus"}, nil)
	assert.Equal(t, contractcheck.ExitCouldNotRun, code)
	code, _, _ = runWith([]string{"-h"}, nil)
	assert.Equal(t, contractcheck.ExitHeld, code)
}

func TestRealRunWithRefusedKeyLeaksNothing(t *testing.T) {
	const key = "env-key-5f2c9a71"
	var mu sync.Mutex
	var seen []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Custom-Key"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error": {"errorCode": 102021, "summary": "Invalid API key", "message": "unknown key ` + r.Header.Get("X-Custom-Key") + `"}}`))
	}))
	defer api.Close()
	vars := map[string]string{contractcheck.EnvURL: api.URL, contractcheck.EnvAPIKey: key, contractcheck.EnvAPIKeyHeader: "X-Custom-Key"}
	for _, args := range [][]string{nil, {"-json"}} {
		code, out, errOut := runWith(args, vars)
		assert.Equal(t, contractcheck.ExitCouldNotRun, code)
		assert.Contains(t, out, "102021")
		assert.Contains(t, out, "X-Custom-Key")
		assert.NotContains(t, out+errOut, key)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{key, key}, seen, "one request per run: nothing is sent after refused credentials")
}
