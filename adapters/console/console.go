// Package console chats with the bot in a terminal: one line in, the
// replies out, buttons shown as numbered choices ("#2" presses the second).
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Handler answers a message; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error)
}

// Adapter is a terminal chat for one person.
type Adapter struct {
	h    Handler
	in   io.Reader
	out  io.Writer
	user string
	log  *slog.Logger
}

// New returns a console chat acting as console:name.
func New(h Handler, in io.Reader, out io.Writer, name string, log *slog.Logger) *Adapter {
	if name == "" {
		name = "me"
	}
	return &Adapter{h: h, in: in, out: out, user: "console:" + name, log: log}
}

// Run chats until the input ends or ctx is cancelled.
func (a *Adapter) Run(ctx context.Context) error {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(a.in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	fmt.Fprintln(a.out, "newcomerbot — type a question (Ctrl-D to quit).")
	var buttons []bot.Button
	for {
		fmt.Fprint(a.out, "> ")
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(a.out)
			return nil
		case line, ok = <-lines:
			if !ok {
				fmt.Fprintln(a.out)
				return nil
			}
		}
		in := bot.Incoming{Platform: "console", User: a.user, Chat: a.user, Text: line}
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(line), "#")); err == nil && strings.HasPrefix(strings.TrimSpace(line), "#") && n >= 1 && n <= len(buttons) {
			in.Text, in.Button = "", buttons[n-1].Data
		}
		replies, err := a.h.Handle(ctx, in)
		if err != nil {
			a.log.Error("console: handle", "err", err)
		}
		buttons = buttons[:0]
		for _, r := range replies {
			fmt.Fprintln(a.out, r.Text)
			var labels []string
			for _, row := range r.Buttons {
				for _, b := range row {
					buttons = append(buttons, b)
					labels = append(labels, fmt.Sprintf("[#%d] %s", len(buttons), b.Label))
				}
			}
			if len(labels) > 0 {
				fmt.Fprintln(a.out, "  "+strings.Join(labels, "  "))
			}
			fmt.Fprintln(a.out)
		}
	}
}
