package plugin

import (
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// severalCalls completes the meta of frames a query made of several
// upstream requests: the executed query string lists them all, one per
// line, and the call returned stands for them in the rest of the meta: the
// first request, served as the least cached of them (one that went
// upstream, or the oldest cached answer).
func severalCalls(frames data.Frames, calls []nanostream.Call) nanostream.Call {
	var made []nanostream.Call
	for _, c := range calls {
		if c.Route != "" {
			made = append(made, c)
		}
	}
	if len(made) == 0 {
		return nanostream.Call{}
	}
	lines := make([]string, len(made))
	primary := made[0]
	for i, c := range made {
		lines[i] = c.String()
		if servedRank(c.Served) > servedRank(primary.Served) ||
			(servedRank(c.Served) == servedRank(primary.Served) && c.Served.Age > primary.Served.Age) {
			primary.Served = c.Served
		}
	}
	for _, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = strings.Join(lines, "\n")
	}
	return primary
}

// servedRank orders how calls were answered, the one a user most needs to
// know of highest: any status this list does not name (a stale answer, say)
// above the rest.
func servedRank(s nanostream.Served) int {
	switch s.Cache {
	case nanostream.CacheHit:
		return 1
	case nanostream.CacheShared:
		return 2
	case nanostream.CacheMiss:
		return 3
	case nanostream.CacheOff:
		return 4
	case "":
		return 0
	}
	return 5
}
