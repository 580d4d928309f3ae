// Command nanostream-contract-check checks the nanoStream Analytics API's
// working contract against an organisation: it calls every route of the
// contract once, with the plugin's own route and parameter names and a
// range of the last whole hour, and reports route by route whether the
// path, the parameter names and the fields the plugin reads held, and what
// came back instead. The report is meant for a bug report: it carries no
// credential and no value of the organisation's data, only names, JSON
// types, counts, status codes and the API's error texts.
//
// Credentials come from the environment only, with the names the
// provisioning uses:
//
//	NANOSTREAM_URL            API base URL (default https://metrics-api.nanostream.cloud)
//	NANOSTREAM_API_KEY        the organisation API key, or
//	NANOSTREAM_EMAIL, NANOSTREAM_PASSWORD   an account
//	NANOSTREAM_AUTH_TYPE      apiKey or account, when both are set
//	NANOSTREAM_API_KEY_HEADER the header of the API key (default X-BINTU-APIKEY)
//
// Usage:
//
//	go run ./internal/contractcheck/cmd/nanostream-contract-check [-json] [-all-breakdowns] [-simulator]
//
// Exit code 0: every route held (a route the organisation's access level
// does not reach counts as held); 1: something did not hold; 2: the check
// could not run, or could not check every route.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/contractcheck"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("nanostream-contract-check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	asJSON := flags.Bool("json", false, "write the report as JSON")
	all := flags.Bool("all-breakdowns", false, "ask every usage breakdown term in both directions (ten requests instead of five)")
	sim := flags.Bool("simulator", false, "a dry run against the built-in simulator, with its demo credentials (account mode when NANOSTREAM_AUTH_TYPE=account)")
	timeout := flags.Duration("timeout", 0, "time limit of each request (default 30s)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "Usage: nanostream-contract-check [-json] [-all-breakdowns] [-simulator] [-timeout d]")
		fmt.Fprintln(stderr, "Credentials come from the environment: NANOSTREAM_URL, NANOSTREAM_API_KEY (NANOSTREAM_API_KEY_HEADER),")
		fmt.Fprintln(stderr, "or NANOSTREAM_EMAIL and NANOSTREAM_PASSWORD; NANOSTREAM_AUTH_TYPE chooses when both are set.")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return contractcheck.ExitHeld
		}
		return contractcheck.ExitCouldNotRun
	}
	if flags.NArg() > 0 {
		fmt.Fprintln(stderr, "nanostream-contract-check: credentials are read from the environment, never from arguments")
		flags.Usage()
		return contractcheck.ExitCouldNotRun
	}

	var cfg contractcheck.Config
	if *sim {
		cfg = contractcheck.ForSimulator(nanostream.AuthMode(getenv(contractcheck.EnvAuthType)), simulator.NewTransport(simulator.Options{}), nil)
	} else {
		var err error
		if cfg, err = contractcheck.FromEnv(getenv); err != nil {
			fmt.Fprintln(stderr, "nanostream-contract-check:", err)
			return contractcheck.ExitCouldNotRun
		}
	}
	cfg.AllBreakdowns = *all
	cfg.Timeout = *timeout
	cfg.Revision = revision()
	check, err := contractcheck.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "nanostream-contract-check:", err)
		return contractcheck.ExitCouldNotRun
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if !*sim && !*asJSON {
		fmt.Fprintf(stderr, "checking %s: one request per route, paced (%s); this takes about half a minute\n",
			cfg.BaseURL, contractcheck.DefaultPacing)
	}
	report := check.Run(ctx)
	write := report.WriteText
	if *asJSON {
		write = report.WriteJSON
	}
	if err := write(stdout, check.Redact); err != nil {
		fmt.Fprintln(stderr, "nanostream-contract-check:", err)
		return contractcheck.ExitCouldNotRun
	}
	return report.ExitCode
}

// revision is the source revision the command was built from, if the
// build recorded it.
func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return ""
	}
	return rev + modified
}
