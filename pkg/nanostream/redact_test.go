package nanostream

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoes are the ways a careless API may repeat a secret in its error
// text, each written out here independently of the redactor.
func echoes(secret string) map[string]string {
	jsonQuoted, _ := json.Marshal(secret)
	out := map[string]string{
		"plain":              secret,
		"query-escaped":      url.QueryEscape(secret),
		"path-escaped":       url.PathEscape(secret),
		"JSON-escaped":       string(jsonQuoted[1 : len(jsonQuoted)-1]),
		"base64":             base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 unpadded":    base64.RawStdEncoding.EncodeToString([]byte(secret)),
		"base64url":          base64.URLEncoding.EncodeToString([]byte(secret)),
		"base64url unpadded": base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
	for _, prefix := range []string{"Bearer ", "user:", "x"} { // inside a longer encoded text, at every offset
		out["base64 of "+prefix+"…"] = base64.StdEncoding.EncodeToString([]byte(prefix + secret + "!"))
		out["base64url of "+prefix+"…"] = base64.RawURLEncoding.EncodeToString([]byte(prefix + secret + "?"))
	}
	for name, form := range maps.Clone(out) { // inside the JSON of an error's userInfo
		quoted, _ := json.Marshal(form)
		out[name+", JSON-escaped"] = string(quoted[1 : len(quoted)-1])
	}
	return out
}

func TestTheRedactorKnowsEveryForm(t *testing.T) {
	secrets := []string{testKey, `p@ss w/rd+"ü"&<1>`, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl+/="}
	r := &redactor{}
	r.add(secrets[0])
	r.add(secrets[1])
	r.addToken(secrets[2])
	for _, secret := range secrets {
		for name, echo := range echoes(secret) {
			text := "refused: " + echo + " (see docs)"
			out := r.redact(text)
			assert.NotContains(t, out, echo, "%s form of %q", name, secret)
			assert.Contains(t, out, "refused: ", "the rest of the text stays")
			assert.Contains(t, out, Redacted, name)
		}
	}
}

func TestTheRedactorRemembersReplacedTokens(t *testing.T) {
	r := &redactor{}
	for i := range maxTokens {
		r.addToken(fmt.Sprintf("session-token-%02d", i))
	}
	assert.Equal(t, "token "+Redacted+" refused", r.redact("token session-token-00 refused"),
		"a token a parallel login replaced still answers for requests sent with it")
	r.addToken("session-token-new")
	assert.Equal(t, "token session-token-00 refused", r.redact("token session-token-00 refused"), "the oldest is forgotten at last")
	assert.Equal(t, "token "+Redacted+" refused", r.redact("token session-token-new refused"))
}

// echoingAPI issues tokens and answers every data request with an error
// that repeats every credential it received, in every form of echoes.
func echoingAPI(t *testing.T) *httptest.Server {
	t.Helper()
	var password string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == RouteAuthenticate {
			var body map[string]string
			_ = json.NewDecoder(r.Body).Decode(&body)
			password = body["password"]
			_ = json.NewEncoder(w).Encode(map[string]string{"token": "tok/en+" + body["email"] + "=="})
			return
		}
		var parts []string
		for _, secret := range []string{r.Header.Get(DefaultAPIKeyHeader), r.Header.Get(headerAccessToken), password} {
			if secret == "" {
				continue
			}
			for name, echo := range echoes(secret) {
				parts = append(parts, name+" "+echo)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"errorCode": 101004, "summary": "Echo " + strings.Join(parts[:1], ""), "message": strings.Join(parts, "; "),
			"userInfo": map[string]any{"received": parts},
		}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEveryEchoOfACredentialIsRedacted(t *testing.T) {
	srv := echoingAPI(t)
	const password = `pä$$ "word"/+1`
	for _, cfg := range []Config{{APIKey: "key/with+special=chars&more"}, {Email: "ops@example.com", Password: password}} {
		c := newTestClient(t, srv.URL, cfg)
		_, _, err := c.MaxViewers(context.Background(), lastHour)
		require.Error(t, err)
		assert.Equal(t, KindBadRequest, KindOf(err))
		msg := err.Error()
		require.Contains(t, msg, "base64url unpadded", "the echo came through")
		for _, secret := range []string{cfg.APIKey, cfg.Password, "tok/en+ops@example.com=="} {
			if secret == "" {
				continue
			}
			for name, echo := range echoes(secret) {
				assert.NotContains(t, msg, echo, "%s form of %q", name, secret)
			}
		}
		assert.Equal(t, msg, c.Redact(msg), "nothing left to redact")
	}
}
