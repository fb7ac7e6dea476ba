package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/console"
	"github.com/newcomerbot/newcomerbot/bot"
)

// service is one long-running part of `run` (a chat platform adapter).
type service func(ctx context.Context) error

// shutdownGrace bounds how long running parts get to stop after a signal.
const shutdownGrace = 10 * time.Second

func cmdRun(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	forceConsole := fs.Bool("console", false, "chat in the terminal even when a platform is configured")
	name := fs.String("user", "me", "console user name (console:NAME)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	log := newLogger(cfg, stderr, false)
	a, err := open(ctx, cfg, log, stderr)
	if err != nil {
		return err
	}
	defer a.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := a.redis.Ping(r.Context()); err != nil {
			http.Error(w, "redis unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})

	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		// Prometheus text format, by hand: a few counters need no library.
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintln(w, "# HELP newcomerbot_replies_total Replies given, by kind.")
		fmt.Fprintln(w, "# TYPE newcomerbot_replies_total counter")
		counts := a.engine.Counts()
		kinds := make([]string, 0, len(counts))
		for k := range counts {
			kinds = append(kinds, string(k))
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			fmt.Fprintf(w, "newcomerbot_replies_total{kind=%q} %d\n", k, counts[bot.Kind(k)])
		}
		fmt.Fprintln(w, "# HELP newcomerbot_knowledge_topics Topics in the live knowledge base.")
		fmt.Fprintln(w, "# TYPE newcomerbot_knowledge_topics gauge")
		fmt.Fprintf(w, "newcomerbot_knowledge_topics %d\n", len(a.engine.Knowledge().Topics))
	})

	var services []service
	if cfg.TelegramToken != "" {
		s, err := startTelegram(ctx, a, mux)
		if err != nil {
			return err
		}
		services = append(services, s)
	}
	if cfg.DiscordToken != "" {
		s, err := startDiscord(ctx, a)
		if err != nil {
			return err
		}
		services = append(services, s)
	}
	if a.desk != nil {
		// After the adapters: they registered the senders it posts with.
		services = append(services, a.desk.Run)
	}
	if *forceConsole || len(services) == 0 {
		c := console.New(a.engine, stdin, stdout, *name, log)
		services = append(services, c.Run)
	}

	var wg sync.WaitGroup
	errs := make(chan error, len(services)+2)
	wg.Add(1)
	go func() { defer wg.Done(); a.engine.Watch(ctx) }()
	if cfg.ListenAddr != "" {
		ln, err := net.Listen("tcp", cfg.ListenAddr)
		if err != nil {
			return fmt.Errorf("LISTEN_ADDR: %w", err)
		}
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			<-ctx.Done()
			sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
			defer scancel()
			_ = srv.Shutdown(sctx)
		}()
		log.Info("http listening", "addr", ln.Addr().String())
	}
	for _, s := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s(ctx)
			cancel() // one part ending (console EOF, fatal error) ends the run
		}()
	}
	<-ctx.Done()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		log.Warn("shutdown: gave up waiting after the grace period")
	}
	for {
		select {
		case err := <-errs:
			if err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
		default:
			return nil
		}
	}
}
