package nanostream

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	jsoniter "github.com/json-iterator/go"
)

// Decode reads the data list of the API's success envelope into a slice of
// T. A data list of null is an empty answer (the API says so for a period
// without rows, e.g. a daily bucket within today); an envelope without a
// data list, or anything else, is a malformed answer of the route.
func Decode[T any](route string, body []byte) ([]T, error) {
	var envelope struct {
		Data *[]T `json:"data"`
	}
	if jsonAPI.Unmarshal(body, &envelope) != nil {
		// the standard library has the last word, and says what is wrong plainly
		envelope.Data = nil
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: malformedDetail(err, len(body)), cause: err})
		}
	}
	switch {
	case envelope.Data != nil:
		return *envelope.Data, nil
	case hasNullData(body):
		return []T{}, nil
	}
	return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: "the answer has no data list"})
}

// hasNullData reports whether the answer's data key is there and null.
func hasNullData(body []byte) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return false
	}
	data, ok := fields["data"]
	return ok && bytes.Equal(bytes.TrimSpace(data), []byte("null"))
}

func malformedDetail(err error, size int) string {
	return fmt.Sprintf("%d bytes that are not the expected JSON (%v)", size, err)
}

// jsonAPI decodes answers; json-iterator, already part of the SDK, reads
// the API's long time series several times faster than encoding/json.
var jsonAPI = jsoniter.Config{CaseSensitive: true}.Froze()
