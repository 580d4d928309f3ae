package contractcheck

import (
	"net/http"
	"reflect"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// probe is one request of the check: a route of the working contract asked
// exactly as the plugin's client asks it, and the type the client reads
// each item of its data list into.
type probe struct {
	name   string          // what the route answers, for the report
	part   int             // the working contract's part 1 or 2
	call   nanostream.Call // route and parameters, built by the client
	item   reflect.Type    // the client's item type; nil for the login
	decode func(route string, body []byte) error
	login  bool
}

// probeOf is a probe whose items the client reads into T.
func probeOf[T any](name string, part int, call nanostream.Call) probe {
	return probe{
		name: name, part: part, call: call, item: reflect.TypeFor[T](),
		decode: func(route string, body []byte) error {
			_, err := nanostream.Decode[T](route, body)
			return err
		},
	}
}

// Breakdown samples: every term once with the directions alternating, so
// that each term and each direction is asked; AllBreakdowns asks all ten.
var breakdownSample = [][2]string{
	{nanostream.TermStream, nanostream.DirectionPlayout},
	{nanostream.TermCountry, nanostream.DirectionIngest},
	{nanostream.TermCity, nanostream.DirectionPlayout},
	{nanostream.TermReferrer, nanostream.DirectionIngest},
	{nanostream.TermIP, nanostream.DirectionPlayout},
}

var breakdownTerms = []string{nanostream.TermStream, nanostream.TermCountry, nanostream.TermCity, nanostream.TermReferrer, nanostream.TermIP}

// Limits asked of the routes that take one: small answers suffice.
const (
	breakdownLimit = 10
	splitLimit     = 3
)

// probes lists the requests of a check over [from, to): the login first in
// account mode, then every route of the working contract's parts 1 and 2.
func probes(from, to time.Time, account, allBreakdowns bool) []probe {
	r := nanostream.Range{From: from, To: to}
	s := nanostream.Series{Range: r, Interval: calendar.IntervalHour}
	var ps []probe
	if account {
		ps = append(ps, probe{name: "login", part: 1, call: nanostream.Call{Route: nanostream.RouteAuthenticate}, login: true})
	}
	ps = append(ps,
		probeOf[nanostream.BytesPoint]("byte usage", 1, nanostream.SeriesCall(nanostream.RouteBytes, s)),
		probeOf[nanostream.BytesPoint]("hourly byte usage", 1, nanostream.SeriesCall(nanostream.RouteHourlyBytes, s)),
		probeOf[nanostream.ViewersPoint]("concurrent viewers", 1, nanostream.SeriesCall(nanostream.RouteMaxViewers, s)),
	)
	pairs := breakdownSample
	if allBreakdowns {
		pairs = nil
		for _, term := range breakdownTerms {
			pairs = append(pairs, [2]string{term, nanostream.DirectionPlayout}, [2]string{term, nanostream.DirectionIngest})
		}
	}
	for _, p := range pairs {
		b := nanostream.Breakdown{Range: r, Term: p[0], Direction: p[1], Limit: breakdownLimit}
		ps = append(ps, probeOf[nanostream.UsageEntry](p[1]+" usage by "+p[0], 1, nanostream.BreakdownCall(b)))
	}
	ps = append(ps,
		probeOf[nanostream.Country]("countries filter list", 1, nanostream.Call{Route: nanostream.RouteCountries}),
		probeOf[nanostream.Alert]("ingest alerts", 2, nanostream.IngestAlertsCall(nanostream.Filter{})),
		probeOf[nanostream.PlaybackPoint]("playback start success", 2, nanostream.SeriesCall(nanostream.RoutePlaybackRatio, s)),
	)
	for _, split := range []string{nanostream.SplitStreams, nanostream.SplitTags, nanostream.SplitCountries} {
		p := nanostream.PlaybackSplit{Series: s, Split: split, Limit: splitLimit}
		ps = append(ps, probeOf[nanostream.PlaybackKeySeries]("playback start success by "+split, 2, nanostream.PlaybackSplitCall(p)))
	}
	ps = append(ps,
		probeOf[nanostream.PlaybackTotal]("worst streams (top 100)", 2, nanostream.RangeCall(nanostream.RouteWorstStreams, r)),
		probeOf[nanostream.PlaybackError]("playback start errors", 2, nanostream.RangeCall(nanostream.RoutePlaybackErrors, r)),
		probeOf[nanostream.BufferingPoint]("buffering ratio", 2, nanostream.SeriesCall(nanostream.RouteBufferingRatio, s)),
		probeOf[nanostream.StartupPoint]("startup time", 2, nanostream.SeriesCall(nanostream.RouteStartupTime, s)),
	)
	return ps
}

// method is the HTTP method of a probe.
func (p probe) method() string {
	if p.login {
		return http.MethodPost
	}
	return http.MethodGet
}

// request is the probe's request line as sent, without the base URL:
// route and parameters, which never carry a credential.
func (p probe) request() string {
	line := p.method() + " " + p.call.Route
	if len(p.call.Params) > 0 {
		line += "?" + p.call.Params.Encode()
	}
	return line
}
