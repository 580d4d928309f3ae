package nanostream

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Redacted stands where a secret was.
const Redacted = "[redacted]"

// maxTokens is how many session tokens of an organisation stay known for
// redaction; a token older than that was replaced long ago.
const maxTokens = 16

// minEncodedCore is the shortest piece of a base64 encoding that is
// redacted on its own; shorter pieces would hit ordinary words.
const minEncodedCore = 8

// redactor removes an organisation's secrets from text: the API key, the
// password and every session token issued, each registered before the
// first request that carries it. It knows the forms an API may echo a
// secret in: plain; URL-encoded for a query or for a path; JSON-escaped;
// base64 in the standard and the URL alphabet, with and without padding,
// also inside a longer encoded text (the secret at any of the three byte
// offsets of base64's groups); and each of these once more JSON-escaped,
// as it stands inside the JSON of an error's userInfo.
type redactor struct {
	mu     sync.RWMutex
	fixed  []string // key, password
	tokens []string // the newest last
	forms  []string // of all of them, longest first
}

// add registers a secret that is never forgotten.
func (r *redactor) add(secret string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if secret == "" || slices.Contains(r.fixed, secret) {
		return
	}
	r.fixed = append(r.fixed, secret)
	r.rebuild()
}

// addToken registers a session token; the oldest is forgotten once there
// are more than maxTokens.
func (r *redactor) addToken(token string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if token == "" || slices.Contains(r.tokens, token) {
		return
	}
	r.tokens = append(r.tokens, token)
	if len(r.tokens) > maxTokens {
		r.tokens = slices.Delete(r.tokens, 0, len(r.tokens)-maxTokens)
	}
	r.rebuild()
}

func (r *redactor) rebuild() {
	seen := map[string]bool{}
	r.forms = r.forms[:0]
	for _, secret := range slices.Concat(r.fixed, r.tokens) {
		for _, form := range encodedForms(secret) {
			if form != "" && !seen[form] {
				seen[form] = true
				r.forms = append(r.forms, form)
			}
		}
	}
	// a longer form first: a secret's plain form may lie inside another's
	slices.SortFunc(r.forms, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// redact replaces every known form of every secret in s.
func (r *redactor) redact(s string) string {
	if s == "" {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, form := range r.forms {
		if strings.Contains(s, form) {
			s = strings.ReplaceAll(s, form, Redacted)
		}
	}
	return s
}

// redactError redacts the texts of an error that came from the API before
// anyone else sees it.
func (r *redactor) redactError(e *Error) *Error {
	e.Summary = r.redact(e.Summary)
	e.Detail = r.redact(e.Detail)
	return e
}

// encodedForms are the ways a secret may be echoed.
func encodedForms(secret string) []string {
	forms := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), jsonEscaped(secret, true), jsonEscaped(secret, false)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(secret)))
	}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for offset := range 3 {
			if core := encodedCore(enc, secret, offset); len(core) >= minEncodedCore {
				forms = append(forms, core)
			}
		}
	}
	for _, form := range slices.Clone(forms) {
		forms = append(forms, jsonEscaped(form, true), jsonEscaped(form, false))
	}
	return forms
}

// encodedCore is the part of the base64 encoding of a text holding secret
// at a byte offset (modulo 3) that depends on the secret alone: the groups
// of three bytes that lie wholly inside it.
func encodedCore(enc *base64.Encoding, secret string, offset int) string {
	padded := append(make([]byte, offset), secret...)
	encoded := enc.EncodeToString(padded)
	first := (offset + 2) / 3          // the first group wholly inside the secret
	last := (offset + len(secret)) / 3 // the groups that end inside it
	if last <= first {
		return ""
	}
	return encoded[4*first : 4*last]
}

// jsonEscaped is secret as it appears inside a JSON string.
func jsonEscaped(secret string, escapeHTML bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(secret)
	quoted := strings.TrimSuffix(buf.String(), "\n")
	return quoted[1 : len(quoted)-1]
}
