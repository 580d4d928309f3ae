package plugin

import (
	"context"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// breakdown is a usage breakdown as the API answered it: the keys of every
// direction asked, summed per key, largest first; whether they are every
// key of the range; and the requests made.
type breakdown struct {
	entries  []nanostream.UsageEntry
	complete bool
	calls    []nanostream.Call
}

// fetchBreakdown asks the breakdown of term over r, one request per
// direction (two for total), each for the most keys the API lists
// (nanostream.MaxLimit) whatever the panel's limit: every limit, panel and
// variable of a term, range and filter shares one request, and an answer
// shorter than that lists every key, so that their sum is the range's
// total and the Other row costs no request.
func (d *Datasource) fetchBreakdown(ctx context.Context, r nanostream.Range, term string, directions []string) (breakdown, error) {
	lists, calls, err := d.client.UsageBreakdowns(ctx, nanostream.Breakdown{Range: r, Term: term, Limit: nanostream.MaxLimit}, directions)
	if err != nil {
		return breakdown{calls: calls}, err
	}
	complete := true
	for _, l := range lists {
		complete = complete && nanostream.Complete(l, nanostream.MaxLimit)
	}
	return breakdown{entries: nanostream.SumByKey(lists...), complete: complete, calls: calls}, nil
}

// queryUsageBreakdown answers the largest keys of a term over the range as
// one table with their share of the range's total and an Other row. The
// total is the sum of the breakdown's own answer when that lists every
// key; otherwise it is the byte usage of the same range, filter and
// interval, the request the byteUsage panels of the dashboard ask, so
// that it comes from the cache when they are shown. Country names come
// from the API's country list, an answer kept for an hour.
func (d *Datasource) queryUsageBreakdown(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	fetched, err := d.fetchBreakdown(ctx, q.Range(), q.Term, q.Directions())
	if err != nil {
		return nil, firstMade(fetched.calls), err
	}
	b := frames.Breakdown{Term: q.Term, Direction: q.Direction, Limit: q.Limit, Entries: fetched.entries}
	calls := fetched.calls
	var notices []data.Notice
	if !fetched.complete {
		total, call, err := d.rangeTotal(ctx, q)
		calls = append(calls, call)
		if err != nil {
			notices = append(notices, data.Notice{Severity: data.NoticeSeverityWarning,
				Text: sentence("The range's total could not be read, so the shares are of the " + strconv.Itoa(len(fetched.entries)) +
					" keys the API listed, which may not be all: " + clause(err.Error()))})
		} else {
			b.Total = &total
		}
	}
	if q.Term == nanostream.TermCountry {
		names, call, err := d.countryNames(ctx)
		calls = append(calls, call)
		if err != nil {
			notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
				Text: sentence("The countries' names are missing, their codes stand in: " + clause(err.Error()))})
		}
		b.Names = names
	}
	frame := frames.UsageBreakdown(b)
	frame.Meta.Notices = append(frame.Meta.Notices, notices...)
	out := data.Frames{frame}
	return out, severalCalls(out, calls), nil
}

// rangeTotal is the bytes of the query's range and filter in its
// directions, summed from the byte usage the byteUsage query of the same
// range, filter and interval asks.
func (d *Datasource) rangeTotal(ctx context.Context, q models.Query) (float64, nanostream.Call, error) {
	points, call, err := d.client.ByteUsage(ctx, q.Series(q.Buckets))
	if err != nil {
		return 0, call, err
	}
	var total float64
	for _, p := range points {
		for _, dir := range q.Directions() {
			v := p.Playout
			if dir == nanostream.DirectionIngest {
				v = p.Ingest
			}
			if v != nil {
				total += *v
			}
		}
	}
	return total, call, nil
}

// countryNames are the names of the countries the API knows, by ISO code.
func (d *Datasource) countryNames(ctx context.Context) (map[string]string, nanostream.Call, error) {
	countries, call, err := d.client.Countries(ctx)
	if err != nil {
		return nil, call, err
	}
	names := make(map[string]string, len(countries))
	for _, c := range countries {
		names[c.Code] = c.Name
	}
	return names, call, nil
}

// firstMade is the first of calls that was made, for the meta of a failed
// query.
func firstMade(calls []nanostream.Call) nanostream.Call {
	for _, c := range calls {
		if c.Route != "" {
			return c
		}
	}
	return nanostream.Call{}
}
