package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tokenStore issues and checks access tokens.
type tokenStore struct {
	mu     sync.Mutex
	secret []byte
	seq    uint64
	issued map[string]time.Time // token -> expiry
}

func newTokenStore(seed int64) *tokenStore {
	secret := make([]byte, 8)
	binary.BigEndian.PutUint64(secret, mix64(bitsOf(seed)^0x70ce))
	return &tokenStore{secret: secret, issued: map[string]time.Time{}}
}

// issue creates a JWT-like token for email that expires after ttl.
func (t *tokenStore) issue(email string, now time.Time, ttl time.Duration) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	for tok, exp := range t.issued {
		if !now.Before(exp) {
			delete(t.issued, tok)
		}
	}
	t.seq++
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{
		"sub": email, "iat": now.Unix(), "exp": now.Add(ttl).Unix(), "jti": fmt.Sprint(t.seq),
	})
	unsigned := header + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, t.secret)
	mac.Write([]byte(unsigned))
	token := unsigned + "." + enc.EncodeToString(mac.Sum(nil))
	t.issued[token] = now.Add(ttl)
	return token
}

// valid reports whether token was issued here and has not expired at now.
func (t *tokenStore) valid(token string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.issued[token]
	return ok && now.Before(exp)
}

// expireAll invalidates every token issued so far.
func (t *tokenStore) expireAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.issued)
}

// ExpireTokens makes every token issued so far answer 401 with code 105011.
func (s *Simulator) ExpireTokens() {
	s.tokens.expireAll()
}

// loginRequest is the body of POST /authenticate.
type loginRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
}

// tokenResponse is the answer of POST /authenticate (no envelope).
type tokenResponse struct {
	Token string `json:"token"`
}

// login answers POST /authenticate.
func (s *Simulator) login(r *http.Request) (any, *apiError) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return nil, fail(codeInvalidBody, "The request body could not be read.")
	}
	var req loginRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, fail(codeInvalidBody, "The body must be a JSON object with email and password.")
	}
	if req.Email == nil || req.Password == nil || *req.Email == "" || *req.Password == "" {
		return nil, fail(codeMissingProps, "The body needs both email and password.", "required", []string{"email", "password"})
	}
	email := strings.ToLower(strings.TrimSpace(*req.Email))
	password, known := s.accounts[email]
	if !known {
		return nil, fail(codeUserNotFound, "There is no user with this email address.")
	}
	if !hmac.Equal([]byte(password), []byte(*req.Password)) {
		return nil, fail(codeWrongPassword, "Email address and password do not match.")
	}
	s.stats.login()
	return rawJSON{tokenResponse{Token: s.tokens.issue(email, s.now(), s.opts.TokenTTL)}}, nil
}

// authorize checks the API key header or else the access token.
func (s *Simulator) authorize(r *http.Request) *apiError {
	if key := r.Header.Get(s.opts.APIKeyHeader); key != "" {
		if s.apiKeys[key] {
			return nil
		}
		return fail(codeInvalidAPIKey, "The API key is not valid for any organisation.", "header", s.opts.APIKeyHeader)
	}
	token := r.Header.Get("x-access-token")
	if token == "" {
		return fail(codeMissingToken, "Send an access token in the x-access-token header (or an API key).",
			"header", "x-access-token")
	}
	if !s.tokens.valid(token, s.now()) {
		return fail(codeInvalidToken, "The access token is invalid or has expired; log in again.", "header", "x-access-token")
	}
	return nil
}
