package nanostream

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterNormalised(t *testing.T) {
	f := Filter{StreamNames: []string{"b, a", " a ", ""}, Tags: []string{"sports"}, Countries: []string{"de", "AT,de"}}.Normalised()
	assert.Equal(t, Filter{StreamNames: []string{"a", "b"}, Tags: []string{"sports"}, Countries: []string{"AT", "DE"}}, f)
	assert.Equal(t, Filter{}, Filter{StreamNames: []string{" ", ","}}.Normalised(), "nothing left is no filter")
}

func TestFilterValidate(t *testing.T) {
	many := make([]string, MaxFilterValues+1)
	for i := range many {
		many[i] = fmt.Sprintf("t%d", i)
	}
	require.NoError(t, Filter{Tags: many[:MaxFilterValues], Countries: []string{"DE"}}.Validate())
	assert.EqualError(t, Filter{Tags: many}.Validate(), "the tag filter has 51 values; the nanoStream API accepts at most 50")
	assert.EqualError(t, Filter{Countries: []string{"DEU"}}.Validate(), `the country "DEU" is not a two-letter ISO 3166 code such as DE`)
}
