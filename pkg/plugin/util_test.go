package plugin

import (
	"net/http"
	"time"
)

func nanostreamGet(url string) (*http.Response, error) {
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url + "/v2/filters/countries")
	if err == nil {
		_ = resp.Body.Close()
	}
	return resp, err
}
