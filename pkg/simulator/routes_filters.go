package simulator

import "net/http"

// countriesRoute answers /v2/filters/countries.
func (s *Simulator) countriesRoute(*http.Request) (any, *apiError) {
	out := make([]countryItem, 0, len(s.data.countries))
	for _, c := range s.data.countries {
		out = append(out, countryItem(c))
	}
	return out, nil
}
