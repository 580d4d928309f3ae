package simulator

import "net/http"

// countryItem is one item of the countries filter list.
type countryItem struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// countriesRoute answers /v2/filters/countries.
func (s *Simulator) countriesRoute(*http.Request) (any, *apiError) {
	out := make([]countryItem, 0, len(s.data.countries))
	for _, c := range s.data.countries {
		out = append(out, countryItem(c))
	}
	return out, nil
}
