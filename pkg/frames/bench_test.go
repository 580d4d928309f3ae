package frames_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// weekOfMinutes is one week of one-minute viewer data (10,080 points) as
// the API answers it, and the buckets a query for that week cuts.
func weekOfMinutes(b *testing.B) ([]byte, calendar.Buckets) {
	b.Helper()
	from := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	buckets := calendar.NewBuckets(from, from.Add(7*24*time.Hour), "minute", 0)
	var sb strings.Builder
	sb.WriteString(`{"statusCode":200,"statusInfo":"OK","data":[`)
	for i := 0; i < buckets.Count(); i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		ts := from.Add(time.Duration(i) * time.Minute)
		fmt.Fprintf(&sb, `{"timestamp":%d,"timestampAsString":%q,"maxConcurrentViewers":%d}`, ts.Unix(), ts.Format(time.RFC3339), 800+i%600)
	}
	sb.WriteString(`]}`)
	if buckets.Count() != 10080 {
		b.Fatalf("a week has %d minutes", buckets.Count())
	}
	return []byte(sb.String()), buckets
}

// BenchmarkDecodeAndFrameWeekOfMinutes decodes the API's answer and builds
// the data frame, as one maxViewers query does.
func BenchmarkDecodeAndFrameWeekOfMinutes(b *testing.B) {
	body, buckets := weekOfMinutes(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		points, err := nanostream.Decode[nanostream.ViewersPoint](nanostream.RouteMaxViewers, body)
		if err != nil {
			b.Fatal(err)
		}
		if f := frames.MaxViewers(points, buckets, false); f.Rows() != 10080 {
			b.Fatal("rows")
		}
	}
}

// BenchmarkFetchDecodeAndFrameWeekOfMinutes adds the HTTP exchange over
// loopback through the SDK's HTTP client and resty.
func BenchmarkFetchDecodeAndFrameWeekOfMinutes(b *testing.B) {
	body, buckets := weekOfMinutes(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	hc, err := httpclient.New(httpclient.Options{})
	if err != nil {
		b.Fatal(err)
	}
	client, err := nanostream.New(nanostream.Config{Auth: nanostream.AuthAPIKey, BaseURL: srv.URL, APIKey: "bench", APIKeyHeader: "X-BINTU-APIKEY", HTTPClient: hc,
		CacheDisabled: true, RequestsPerSecond: 1e6, Burst: 1e6}) // every iteration goes over HTTP, unpaced
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	series := nanostream.Series{Range: nanostream.Range{From: buckets.From, To: buckets.To}, Interval: buckets.Interval}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		points, _, err := client.MaxViewers(context.Background(), series)
		if err != nil {
			b.Fatal(err)
		}
		if f := frames.MaxViewers(points, buckets, false); f.Rows() != 10080 {
			b.Fatal("rows")
		}
	}
}
