// Command nanostream-load measures the nanoStream plugin's upstream budget
// discipline, latency and memory against an in-process, throttling API
// simulator and prints the results next to the targets.
//
//	go run ./internal/loadharness/cmd/nanostream-load [-plugin PATH] [-json out.json]
//
// Missed targets are results: the exit code is 0 unless the harness itself
// fails (a build, the plugin's start, the overall timeout).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/loadharness"
)

func main() {
	os.Exit(run())
}

func run() int {
	def := loadharness.DefaultConfig()
	cfg := def
	var jsonOut, logFile string
	var timeout time.Duration
	var quiet bool
	flag.StringVar(&cfg.Plugin, "plugin", "", "plugin executable (default: build ./pkg)")
	flag.StringVar(&cfg.Floor, "floor", "", "floor plugin executable (default: build ./internal/loadharness/floor)")
	flag.StringVar(&cfg.Dashboard, "dashboard", "", "dashboard JSON (default: "+loadharness.DefaultDashboard+")")
	flag.StringVar(&jsonOut, "json", "", "also write the report as JSON to this file")
	flag.StringVar(&logFile, "plugin-log", "", "write both plugins' logs to this file")
	flag.DurationVar(&timeout, "timeout", 15*time.Minute, "overall time limit")
	flag.DurationVar(&cfg.QueryTimeout, "query-timeout", def.QueryTimeout, "deadline of each QueryData (scenarios 1, 2, 4)")
	flag.IntVar(&cfg.Screens, "screens", def.Screens, "scenario 2: screens")
	flag.IntVar(&cfg.Refreshes, "refreshes", def.Refreshes, "scenario 2: refreshes per screen")
	flag.DurationVar(&cfg.ScreensBudget, "screens-budget", def.ScreensBudget, "scenario 2: no refresh starts after this")
	flag.IntVar(&cfg.Distinct, "distinct", def.Distinct, "scenario 3: queries in the request")
	flag.DurationVar(&cfg.DistinctTimeout, "distinct-timeout", def.DistinctTimeout, "scenario 3: deadline of the request")
	flag.IntVar(&cfg.Overhead, "n", def.Overhead, "scenario 4: sequential requests per plugin")
	flag.DurationVar(&cfg.OverheadBudget, "overhead-budget", def.OverheadBudget, "scenario 4: time limit per plugin")
	flag.BoolVar(&cfg.SkipBench, "skip-bench", false, "skip the go test benchmark of scenario 5")
	flag.BoolVar(&cfg.Replicas.Skip, "skip-replicas", false, "skip scenarios 6 to 9 (replicas sharing one Redis)")
	flag.StringVar(&cfg.Replicas.RedisServer, "redis-server", "", "scenarios 6 to 9: redis-server executable (default: $REDIS_SERVER_PATH, else redis-server on PATH)")
	flag.IntVar(&cfg.Replicas.Panels, "panels", loadharness.DefaultStreamPanels, "scenario 7: panels repeated per stream")
	flag.DurationVar(&cfg.Replicas.Duration, "panels-duration", loadharness.DefaultPanelsDuration, "scenario 7: the ten minutes, compressed into this long (refreshes every 30 s compressed alike)")
	flag.BoolVar(&quiet, "q", false, "no progress lines on stderr")
	flag.Parse()

	if !quiet {
		cfg.Progress = os.Stderr
	}
	if logFile != "" {
		f, err := os.Create(logFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		cfg.PluginLogs = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	report, err := loadharness.Run(ctx, cfg)
	if err != nil {
		report.Error = err.Error()
	}
	loadharness.Format(os.Stdout, report)
	if jsonOut != "" {
		if werr := loadharness.WriteJSON(jsonOut, report); werr != nil {
			fmt.Fprintln(os.Stderr, werr)
			return 1
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nanostream-load:", err)
		return 1
	}
	return 0
}
