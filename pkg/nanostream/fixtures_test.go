package nanostream

// Answers of the API the tests use; the fuzz targets start from them.
const (
	bytesAnswer       = `{"data":[{"timestamp":60,"playout":1.5e9},{"timestamp":120,"playout":null,"ingest":7}]}`
	viewersAnswer     = `{"statusCode":200,"statusInfo":"OK","data":[{"timestamp":1795438800,"timestampAsString":"2026-11-23T13:00:00Z","maxConcurrentViewers":42}]}`
	breakdownAnswer   = `{"statusCode":200,"statusInfo":"OK","data":[{"key":"nS4kq-main","bytes":5400000000},{"key":"nS4kq-backup","bytes":1e3}]}`
	countriesAnswer   = `{"statusCode":200,"statusInfo":"OK","data":[{"code":"DE","name":"Germany"},{"code":"AT","name":"Austria"}]}`
	nullDataAnswer    = `{"statusCode":200,"statusInfo":"OK","data":null}`
	emptyDataAnswer   = `{"statusCode":200,"statusInfo":"OK","data":[]}`
	loginAnswer       = `{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2ln"}`
	loginAnswerNoData = `{"message":"ok"}`
)

// successAnswers are every success body of the fixtures.
var successAnswers = []string{bytesAnswer, viewersAnswer, breakdownAnswer, countriesAnswer, nullDataAnswer, emptyDataAnswer}
