// Command nanostream-simulator serves the nanoStream Analytics API simulator
// as a standalone process, for the docker-compose demo and load tests. Being
// its own process, it also serves the admin routes under /_simulator/, which
// need no credentials: bind it to an address only trusted clients reach.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "nanostream-simulator:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8090", "address to listen on")
	apiKey := flag.String("api-key", simulator.DemoAPIKey, "accepted API key")
	header := flag.String("api-key-header", "X-BINTU-APIKEY", "header that carries the API key")
	email := flag.String("email", simulator.DemoEmail, "account email for POST /authenticate")
	password := flag.String("password", simulator.DemoPassword, "account password for POST /authenticate")
	throttle := flag.Bool("throttle", true, "refuse requests beyond the rate limit like nginx does (502 HTML)")
	rate := flag.Float64("rate", 1, "throttle: sustained requests per second")
	burst := flag.Int("burst", 30, "throttle: burst size")
	seed := flag.Int64("seed", 1, "seed of the generated world")
	verbose := flag.Bool("verbose", false, "log every request")
	flag.Parse()

	opts := simulator.Options{
		APIKeys:      []string{*apiKey},
		APIKeyHeader: *header,
		Accounts:     map[string]string{*email: *password},
		Throttle:     *throttle,
		Rate:         *rate,
		Burst:        *burst,
		Seed:         *seed,
		Admin:        true,
	}
	if *verbose {
		opts.Logger = log.New(os.Stderr, "", log.LstdFlags|log.LUTC)
	}
	srv, err := simulator.Listen(*addr, opts)
	if err != nil {
		return err
	}
	fmt.Printf("nanoStream Analytics API simulator listening on %s\n", srv.URL)
	fmt.Printf("  API key:  %s: %s\n", *header, *apiKey)
	fmt.Printf("  account:  %s / %s\n", *email, *password)
	fmt.Printf("  throttle: %v (%.3g req/s, burst %d), seed %d\n", *throttle, *rate, *burst, *seed)
	fmt.Printf("  admin:    %s/_simulator/faults, /_simulator/expire-tokens, /_simulator/stats (no credentials)\n", srv.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Println("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
