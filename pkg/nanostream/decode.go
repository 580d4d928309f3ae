package nanostream

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	jsoniter "github.com/json-iterator/go"
)

// Decode reads the data list of the API's success envelope into a slice of
// T; anything else is a malformed answer of the route.
func Decode[T any](route string, body []byte) ([]T, error) {
	var envelope struct {
		Data *[]T `json:"data"`
	}
	if jsonAPI.Unmarshal(body, &envelope) != nil {
		// the standard library has the last word, and says what is wrong plainly
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: malformedDetail(err, len(body)), cause: err})
		}
	}
	if envelope.Data == nil {
		return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: "the answer has no data list"})
	}
	return *envelope.Data, nil
}

func malformedDetail(err error, size int) string {
	return fmt.Sprintf("%d bytes that are not the expected JSON (%v)", size, err)
}

// jsonAPI decodes answers; json-iterator, already part of the SDK, reads
// the API's long time series several times faster than encoding/json.
var jsonAPI = jsoniter.Config{CaseSensitive: true}.Froze()
