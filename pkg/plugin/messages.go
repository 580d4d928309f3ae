package plugin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// sentence capitalises the first letter and ends with a full stop.
func sentence(s string) string { return nanostream.EndSentence(s) }

// clause is a sentence made part of another: its first letter lower-cased
// unless it starts an abbreviation ("API key …"), its full stop dropped.
func clause(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// sentenceError is an error whose message is one sentence; the source and
// the kind of the error it wraps stay what they were.
type sentenceError struct{ err error }

func (e sentenceError) Error() string { return sentence(e.err.Error()) }

func (e sentenceError) Unwrap() error { return e.err }
