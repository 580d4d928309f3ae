package nanostream

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzSecret is a credential the fuzzed answers may echo.
const fuzzSecret = "fz-Key/0123456789+secret="

// checkError holds the invariants of an error the client returns: a
// classified *Error whose message is one sentence and, once redacted as
// the client does, holds no secret.
func checkError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("not a classified error: %T %v", err, err)
	}
	if e.Kind == "" {
		t.Fatalf("an error without a kind: %v", err)
	}
	checkRedacted(t, e)
}

func checkRedacted(t *testing.T, e *Error) {
	t.Helper()
	r := &redactor{}
	r.add(fuzzSecret)
	msg := r.redactError(e).Error()
	checkSentence(t, msg)
	for _, form := range []string{fuzzSecret, url.QueryEscape(fuzzSecret), base64.StdEncoding.EncodeToString([]byte(fuzzSecret))} {
		if strings.Contains(msg, form) {
			t.Fatalf("the secret is in %q", msg)
		}
	}
}

// checkSentence: a capital letter first, a full stop last, one line.
func checkSentence(t *testing.T, msg string) {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(msg)
	if !unicode.IsUpper(r) || !strings.HasSuffix(msg, ".") || strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("not one sentence: %q", msg)
	}
}

// fuzzDecode fuzzes Decode for one data item type from the fixtures.
func fuzzDecode[T any](f *testing.F, route string) {
	for _, body := range successAnswers {
		f.Add([]byte(body))
	}
	for _, c := range errorClassCases {
		f.Add([]byte(c.reply.body))
	}
	f.Add([]byte(`{"data":[{"timestamp":"` + fuzzSecret + `"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := Decode[T](route, body)
		if err != nil {
			checkError(t, err)
			if items != nil {
				t.Fatal("items with an error")
			}
			return
		}
		if items == nil {
			t.Fatal("no error and no list: an empty answer is an empty list")
		}
	})
}

func FuzzDecodeViewersPoint(f *testing.F) { fuzzDecode[ViewersPoint](f, RouteMaxViewers) }

func FuzzDecodeBytesPoint(f *testing.F) { fuzzDecode[BytesPoint](f, RouteBytes) }

func FuzzDecodeUsageEntry(f *testing.F) {
	fuzzDecode[UsageEntry](f, RouteBreakdown("stream", "ingest"))
}

func FuzzDecodeCountry(f *testing.F) { fuzzDecode[Country](f, RouteCountries) }

func FuzzParseLogin(f *testing.F) {
	for _, body := range []string{loginAnswer, loginAnswerNoData, `{"token":""}`, `{"token":7}`, "", "null", `{"token":"` + fuzzSecret + `"`} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		token, err := ParseLogin(body)
		if err != nil {
			checkError(t, err)
			if KindOf(err) != KindMalformed {
				t.Fatalf("a login answer that cannot be read is malformed, not %s", KindOf(err))
			}
			return
		}
		if token == "" {
			t.Fatal("an empty token without an error")
		}
	})
}

func FuzzClassifyResponse(f *testing.F) {
	for _, c := range errorClassCases {
		f.Add(c.reply.status, c.reply.contentType, []byte(c.reply.body))
	}
	echo := apiErrorReply(401, 102021, "Invalid key "+fuzzSecret, "unknown key "+fuzzSecret)
	f.Add(echo.status, echo.contentType, []byte(echo.body))
	f.Add(400, "application/json", []byte(`{"error":{"errorCode":101004,"summary":"s","message":"m","userInfo":{"key":"\u0066z-Key/0123456789+secret="}}}`))
	f.Add(429, "", []byte(nil))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = 300 + (status%300+300)%300 // a status the client classifies: 300 to 599
		e := classifyResponse(RouteMaxViewers, status, contentType, body)
		if e == nil || e.Kind == "" {
			t.Fatalf("unclassified: %+v", e)
		}
		if e.HTTPStatus != status {
			t.Fatalf("the status %d became %d", status, e.HTTPStatus)
		}
		checkRedacted(t, e)
	})
}
