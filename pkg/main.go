// Command gpx_nanostream_analytics is the backend of the nanoStream
// Analytics data source, started by Grafana.
package main

import (
	"os"
	_ "time/tzdata" // billing time zones work on hosts without zoneinfo

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/plugin"
)

func main() {
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
