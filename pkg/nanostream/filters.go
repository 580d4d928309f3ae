package nanostream

import "context"

// Country is a country usable as a filter value.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Countries asks the countries the API accepts as filter values.
func (c *Client) Countries(ctx context.Context) ([]Country, Call, error) {
	return getData[Country](ctx, c, Call{Route: RouteCountries})
}
