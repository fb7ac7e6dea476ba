// Command newcomerbot is the settlement assistant: it serves Telegram,
// Discord or a terminal chat, answers single questions (ask), curates the
// knowledge base (kb) and measures answer quality (eval).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if err != errSilent {
			fmt.Fprintln(os.Stderr, "newcomerbot:", err)
		}
		os.Exit(1)
	}
}

// errSilent is returned after the command already told the user what went wrong.
var errSilent = fmt.Errorf("failed")

const usage = `usage: newcomerbot [command]

  run [--console]              serve Telegram/Discord, or chat in the terminal (default)
  ask [--lang L] [--region R] [--user ID] [--json] [QUESTION]
                               answer one question (or one per stdin line with --json)
  kb validate [--stale DUR] [DIR]
                               check a knowledge directory (default: the bundled one)
  kb import [DIR]              validate, then make DIR the live knowledge in Redis
  kb export [--json]           print the live knowledge base
  kb rollback                  make the previous knowledge version live again
  kb unanswered [N]            the latest questions the bot could not answer
  eval FILE.jsonl [-v]         score a question set (-v: list the misses)
  eval --folds N               how well the knowledge base's own questions generalise (N-fold)
  handoff list                 the settlement workers' open and claimed tickets
  handoff show N               one ticket with its transcript and notes
  handoff close N [OUTCOME]    close a ticket (answered, referred, follow-up booked, no response)

environment: REDIS_URL, KB_DIR, TELEGRAM_TOKEN, DISCORD_TOKEN, HANDOFF_*, WORKERS, OFFICE_HOURS, RETENTION, LOG_LEVEL, ... (see README)
`

// run is the whole program, testable: args without the program name, env
// as a lookup function.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "newcomerbot:", err)
		return errSilent
	}
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return cmdRun(ctx, cfg, args, stdin, stdout, stderr)
	case "ask":
		return cmdAsk(ctx, cfg, args, stdin, stdout, stderr)
	case "kb":
		return cmdKB(ctx, cfg, args, stdout, stderr)
	case "eval":
		return cmdEval(ctx, cfg, args, stdout, stderr)
	case "handoff":
		return cmdHandoff(ctx, cfg, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "--console":
		return cmdRun(ctx, cfg, append([]string{"--console"}, args...), stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "newcomerbot: unknown command %q\n\n%s", cmd, usage)
	return errSilent
}
