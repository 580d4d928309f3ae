package simulator

import (
	"encoding/json"
	"net/http"
)

// Error codes of the API, with the HTTP status each travels with.
const (
	codeUnknownEndpoint = 101001
	codeParamRequired   = 101002
	codeWrongType       = 101003
	codeInvalidParam    = 101004
	codeTooManyValues   = 101005
	codeInvalidBody     = 101006
	codeMissingProps    = 101007
	codeEmptyTagSet     = 101010
	codeUserNotFound    = 102001
	codeWrongPassword   = 102002
	codeInvalidAPIKey   = 102021
	codeStreamNotFound  = 103001
	codeTagNotFound     = 103002
	codeCountryNotFound = 103003
	codeInternal        = 104001
	codeAccessDenied    = 105001
	codeLevelTooLow     = 105002
	codeDashboardOnly   = 105003
	codeInvalidToken    = 105011
	codeMissingToken    = 105012
)

// codeInfo is the HTTP status and short name of an error code.
type codeInfo struct {
	status  int
	summary string
}

var codes = map[int]codeInfo{
	codeUnknownEndpoint: {http.StatusNotFound, "Unknown endpoint"},
	codeParamRequired:   {http.StatusBadRequest, "Param required"},
	codeWrongType:       {http.StatusBadRequest, "Wrong data type"},
	codeInvalidParam:    {http.StatusBadRequest, "Invalid param"},
	codeTooManyValues:   {http.StatusBadRequest, "Too many values"},
	codeInvalidBody:     {http.StatusBadRequest, "Invalid body"},
	codeMissingProps:    {http.StatusUnprocessableEntity, "Missing body properties"},
	codeEmptyTagSet:     {http.StatusNotFound, "No streams for tags"},
	codeUserNotFound:    {http.StatusNotFound, "User not found"},
	codeWrongPassword:   {http.StatusUnauthorized, "Wrong credentials"},
	codeInvalidAPIKey:   {http.StatusNotFound, "Invalid API key"},
	codeStreamNotFound:  {http.StatusNotFound, "Stream not found"},
	codeTagNotFound:     {http.StatusNotFound, "Tag not found"},
	codeCountryNotFound: {http.StatusNotFound, "Country not found"},
	codeInternal:        {http.StatusInternalServerError, "Internal error"},
	codeAccessDenied:    {http.StatusForbidden, "Access denied"},
	codeLevelTooLow:     {http.StatusForbidden, "Access level too low"},
	codeDashboardOnly:   {http.StatusForbidden, "Dashboard only"},
	codeInvalidToken:    {http.StatusUnauthorized, "Invalid token"},
	codeMissingToken:    {http.StatusUnauthorized, "Token missing"},
}

// apiError is an error answer of the API.
type apiError struct {
	status   int
	code     int
	message  string
	userInfo map[string]any
}

// fail builds the error of code with a message and optional details given as
// key/value pairs.
func fail(code int, message string, kv ...any) *apiError {
	e := &apiError{status: codes[code].status, code: code, message: message, userInfo: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			e.userInfo[k] = kv[i+1]
		}
	}
	return e
}

// withStatus overrides the HTTP status (used by injected faults).
func (e *apiError) withStatus(status int) *apiError {
	e.status = status
	return e
}

// errorBody is the JSON shape of an error answer.
type errorBody struct {
	Error struct {
		ErrorCode int            `json:"errorCode"`
		Summary   string         `json:"summary"`
		Message   string         `json:"message"`
		UserInfo  map[string]any `json:"userInfo"`
	} `json:"error"`
}

// body renders the error as JSON.
func (e *apiError) body() []byte {
	var b errorBody
	b.Error.ErrorCode = e.code
	b.Error.Summary = codes[e.code].summary
	b.Error.Message = e.message
	b.Error.UserInfo = e.userInfo
	out, _ := json.Marshal(b)
	return out
}

// successBody is the JSON shape of a successful answer.
type successBody struct {
	StatusCode int    `json:"statusCode"`
	StatusInfo string `json:"statusInfo"`
	Data       any    `json:"data"`
}

// success renders data in the success envelope.
func success(data any) ([]byte, error) {
	return json.Marshal(successBody{StatusCode: http.StatusOK, StatusInfo: "OK", Data: data})
}
