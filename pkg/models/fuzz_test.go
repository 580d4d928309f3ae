package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// checkSentence: a message a user reads is one sentence.
func checkSentence(t *testing.T, msg string) {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(msg)
	if !unicode.IsUpper(r) || !strings.HasSuffix(msg, ".") || strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("not one sentence: %q", msg)
	}
}

func FuzzLoadQuery(f *testing.F) {
	for _, q := range badQueries {
		f.Add([]byte(q.json), "", q.tr.From.Unix(), q.tr.To.Unix(), int64(1000))
	}
	for _, body := range []string{
		`{"queryType":"maxViewers","streamNames":["a, b"," b ",""],"countries":["de","AT"],"tags":["sports"]}`,
		`{}`, `{"queryType":"monthToDate","view":"table"}`, `{"queryType":"byteUsage","tags":["sports"],"interval":"day"}`,
		`{"queryType":"maxViewers","delta":true,"interval":"hour"}`,
		`{"queryType":"ingestAlerts","view":"count","streamNames":["a"]}`, `{"queryType":"ingestAlerts","view":"annotations"}`,
		`{"queryType":"playbackStartSuccess","splitBy":"stream","limit":"12"}`, `{"queryType":"playbackStartSuccess","view":"worst"}`,
		`{"queryType":"playbackStartErrors"}`, `{"queryType":"bufferingRatio","interval":"minute"}`, `{"queryType":"startupTime"}`,
		`{"queryType":"usageBreakdown","term":"ip","direction":"total","limit":1000}`, `{"queryType":"usageBreakdown","limit":1e3}`,
	} {
		f.Add([]byte(body), QueryByteUsage, hour.From.Unix(), hour.To.Unix(), int64(500))
	}
	f.Fuzz(func(t *testing.T, body []byte, queryType string, from, to, maxDataPoints int64) {
		tr := backend.TimeRange{From: time.Unix(from, 0), To: time.Unix(to, 0)}
		q, err := LoadQuery(backend.DataQuery{RefID: "A", QueryType: queryType, JSON: body, TimeRange: tr, MaxDataPoints: maxDataPoints})
		if err != nil {
			checkSentence(t, err.Error())
			if len(err.Error()) > 1000 {
				t.Fatalf("a message of %d bytes: a value was echoed whole", len(err.Error()))
			}
			return
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("a loaded query does not validate: %v", err)
		}
		for _, list := range [][]string{q.StreamNames, q.Tags, q.Countries} {
			if len(list) > nanostream.MaxFilterValues {
				t.Fatalf("%d filter values passed", len(list))
			}
			for _, v := range list {
				if utf8.RuneCountInString(v) > nanostream.MaxFilterValueLength || v == "" || strings.Contains(v, ",") {
					t.Fatalf("the filter value %q passed", v)
				}
			}
		}
		if q.HasTimeRange() && q.Buckets.Count() > maxBuckets {
			t.Fatalf("%d buckets passed", q.Buckets.Count())
		}
		if bounds, ok := limitBounds[q.QueryType]; ok && q.View != frames.ViewWorst && (q.Limit < 1 || q.Limit > bounds.max) {
			t.Fatalf("the limit %d passed", q.Limit)
		}
	})
}

// stand returns a stand-in for a secret that keeps what LoadSettings reads
// of it, whether it is empty once trimmed, and nothing else.
func stand(secret string) string {
	if strings.TrimSpace(secret) == "" {
		return secret
	}
	return "stand-in-secret"
}

func FuzzLoadSettings(f *testing.F) {
	for _, c := range settingsCases {
		f.Add(c.url, c.jsonData, c.secure["apiKey"], c.secure["password"])
	}
	f.Add("https://metrics-api.nanostream.cloud", `{"authType":"account","email":"a@b.c","requestsPerSecond":0.5,"requestBurst":10,"billingTimeZone":"Asia/Kolkata"}`, "", "pw")
	f.Fuzz(func(t *testing.T, url, jsonData, apiKey, password string) {
		load := func(apiKey, password string) (Settings, error) {
			return LoadSettings(backend.DataSourceInstanceSettings{URL: url, JSONData: json.RawMessage(jsonData),
				DecryptedSecureJSONData: map[string]string{"apiKey": apiKey, "password": password}})
		}
		s, err := load(apiKey, password)
		// the secrets' values never shape a message: one with stand-ins reads the same
		_, standErr := load(stand(apiKey), stand(password))
		if (err == nil) != (standErr == nil) || (err != nil && err.Error() != standErr.Error()) {
			t.Fatalf("a secret shaped the outcome: %v / %v", err, standErr)
		}
		if err != nil {
			checkSentence(t, err.Error())
			return
		}
		switch s.AuthType {
		case AuthAPIKey:
			if s.APIKey == "" || s.Password != "" {
				t.Fatal("API-key mode without its key, or with a password kept")
			}
		case AuthAccount:
			if s.Password == "" || s.Email == "" || s.APIKey != "" {
				t.Fatal("account mode without its credentials, or with a key kept")
			}
		case AuthSimulator:
		default:
			t.Fatalf("the mode %q passed", s.AuthType)
		}
		if s.Location == nil {
			t.Fatal("no billing location")
		}
		out, _ := json.Marshal(s)
		for _, secret := range []string{s.APIKey, s.Password} {
			if len(secret) > 3 && strings.Contains(string(out), secret) && !strings.Contains(jsonData+url, secret) {
				t.Fatal("a secret in the serialised settings")
			}
		}
	})
}
