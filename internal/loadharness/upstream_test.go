package loadharness

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestGapsAreMeasuredPerPanelWhateverItsRange(t *testing.T) {
	call := func(s int, uri string) recordedCall {
		return recordedCall{at: time.Duration(s) * time.Second, method: "GET", uri: uri}
	}
	u := &upstream{calls: []recordedCall{
		call(0, "/v2/x?from=a&to=b&streamname=p"),
		call(10, "/v2/x?from=c&to=d&streamname=q"),
		call(20, "/v2/x?from=e&to=f&streamname=p"),  // p again after 20 s: paid twice
		call(150, "/v2/x?from=g&to=h&streamname=q"), // q waited 140 s
	}}
	g := u.gaps(0, 4, 30*time.Second)
	assert.Equal(t, 1, g.repeats)
	assert.Equal(t, 140*time.Second, g.longest)
	assert.Equal(t, refreshGaps{}, u.gaps(0, 1, 30*time.Second), "one call: no gap")
	assert.Equal(t, 0, u.gaps(2, 4, 30*time.Second).repeats, "only between the marks")
}
