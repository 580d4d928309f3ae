package simulator

import (
	"encoding/json"
	"maps"
	"net/http"
)

// RenameField makes a route answer one field under another name: the field
// from of every item of its data list (or, for /authenticate, of the login's
// answer) is sent as to. It plays an API whose field names differ from the
// working contract, for tests of what a client makes of that. route is a
// path without the /api prefix; an empty to restores the name. Fields of
// lists nested inside an item keep their names.
func (s *Simulator) RenameField(route, from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := maps.Clone(s.renames[route])
	if names == nil {
		names = map[string]string{}
	}
	if to == "" {
		delete(names, from)
	} else {
		names[from] = to
	}
	if s.renames == nil {
		s.renames = map[string]map[string]string{}
	}
	if len(names) == 0 {
		delete(s.renames, route)
		return
	}
	s.renames[route] = names
}

// renamed applies the renamed fields of r's route to an answer's body; a
// body of another shape is sent as it is.
func (s *Simulator) renamed(r *http.Request, body []byte) []byte {
	s.mu.Lock()
	names := s.renames[routePath(r.URL.Path)]
	s.mu.Unlock()
	if len(names) == 0 {
		return body
	}
	var envelope map[string]json.RawMessage
	if json.Unmarshal(body, &envelope) != nil {
		return body
	}
	data, ok := envelope["data"]
	if !ok { // the login's answer has no envelope
		return marshalOr(renameKeys(envelope, names), body)
	}
	var items []map[string]json.RawMessage
	if json.Unmarshal(data, &items) != nil {
		return body
	}
	for i, item := range items {
		items[i] = renameKeys(item, names)
	}
	renamedData, err := json.Marshal(items)
	if err != nil {
		return body
	}
	envelope["data"] = renamedData
	return marshalOr(envelope, body)
}

// renameKeys moves the value of every key of names to its new name.
func renameKeys(object map[string]json.RawMessage, names map[string]string) map[string]json.RawMessage {
	for from, to := range names {
		if v, ok := object[from]; ok {
			delete(object, from)
			object[to] = v
		}
	}
	return object
}

// marshalOr is v as JSON, or fallback if it cannot be written.
func marshalOr(v any, fallback []byte) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return fallback
	}
	return b
}
