package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

func cmdKB(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, "newcomerbot: kb needs a subcommand: validate, import, export, rollback, unanswered\n")
		return errSilent
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "validate":
		return kbValidate(args, stdout, stderr)
	case "import":
		return kbImport(ctx, cfg, args, stdout, stderr)
	case "export":
		return kbExport(ctx, cfg, args, stdout, stderr)
	case "rollback":
		return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
			v, err := rc.Knowledge().Rollback(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "knowledge version %s is live again\n", v)
			return nil
		})
	case "unanswered":
		n := 50
		if len(args) > 0 {
			if v, err := strconv.Atoi(args[0]); err == nil && v > 0 {
				n = v
			}
		}
		return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
			qs, err := rc.Sessions().Recent(ctx, n)
			if err != nil {
				return err
			}
			for _, q := range qs {
				fmt.Fprintf(stdout, "%s\t%s\t%s\tbest=%s %.2f\t%s\n", q.Time.Format(time.RFC3339), q.Lang, q.Region, q.Best, q.Score, q.Text)
			}
			return nil
		})
	}
	fmt.Fprintf(stderr, "newcomerbot: unknown kb subcommand %q\n", sub)
	return errSilent
}

func withRedis(ctx context.Context, cfg Config, stderr io.Writer, f func(*redis.Client) error) error {
	rc, err := redis.Open(ctx, redis.Config{URL: cfg.RedisURL, Retention: cfg.Retention})
	if err != nil {
		return err
	}
	defer rc.Close()
	if rc.Embedded() {
		fmt.Fprintln(stderr, "newcomerbot: REDIS_URL is not set: using an embedded in-memory Redis; nothing is persisted.")
	}
	return f(rc)
}

func kbValidate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kb validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stale := fs.Duration("stale", 0, "also report topics and services checked longer ago than this (e.g. 13140h for 18 months)")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	dir := fs.Arg(0)
	b, err := loadDir(dir)
	var probs knowledge.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			if dir != "" {
				p.File = filepath.Join(dir, p.File)
			}
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stderr, "newcomerbot: %d problems\n", len(probs))
		return errSilent
	}
	if err != nil {
		return err
	}
	if *stale > 0 {
		old := knowledge.Stale(b, time.Now(), *stale)
		for _, p := range old {
			fmt.Fprintln(stdout, p)
		}
		if len(old) > 0 {
			fmt.Fprintf(stderr, "newcomerbot: %d entries need review\n", len(old))
			return errSilent
		}
	}
	name := dir
	if name == "" {
		name = "bundled knowledge"
	}
	fmt.Fprintf(stdout, "%s: ok, %d topics, %d services, version %s\n", name, len(b.Topics), len(b.Services), b.Version)
	return nil
}

func kbImport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	dir := cfg.KBDir
	if len(args) > 0 {
		dir = args[0]
	}
	b, err := loadDir(dir)
	var probs knowledge.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "newcomerbot: %d problems; nothing imported\n", len(probs))
		return errSilent
	}
	if err != nil {
		return err
	}
	return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
		v, err := rc.Knowledge().Publish(ctx, b)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "knowledge version %s is live: %d topics, %d services\n", v, len(b.Topics), len(b.Services))
		return nil
	})
}

func kbExport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kb export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "JSON instead of YAML")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	var b *knowledge.Base
	err := withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
		var err error
		if rc.Embedded() {
			if b, err = loadDir(cfg.KBDir); err != nil {
				return err
			}
			_, err = rc.Knowledge().Publish(ctx, b)
			return err
		}
		b, err = rc.Knowledge().Live(ctx)
		return err
	})
	if err != nil {
		return err
	}
	var out []byte
	if *asJSON {
		out, err = b.JSON()
	} else {
		out, err = b.YAML()
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(out, '\n'))
	return err
}
