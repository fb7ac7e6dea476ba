package main

import (
	"context"
	"flag"
	"io"
	"sync"

	"github.com/newcomerbot/newcomerbot/adapters/console"
)

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
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.engine.Watch(ctx) }()
	defer wg.Wait()
	defer cancel()

	if *forceConsole || (cfg.TelegramToken == "" && cfg.DiscordToken == "") {
		return console.New(a.engine, stdin, stdout, *name, log).Run(ctx)
	}
	<-ctx.Done()
	return nil
}
