package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
)

// askResult is one line of `ask --json`, the fixed contract.
type askResult struct {
	Kind       string         `json:"kind"`
	Topic      string         `json:"topic"`
	Confidence float64        `json:"confidence"`
	Lang       string         `json:"lang"`
	Region     string         `json:"region"`
	Text       string         `json:"text"`
	Choices    []bot.Choice   `json:"choices"`
	Referrals  []bot.Referral `json:"referrals"`
}

// summarize folds the replies to one message into one result: the first
// reply decides kind, topic and confidence; texts are joined in order.
func summarize(replies []bot.Reply) askResult {
	r := askResult{Choices: []bot.Choice{}, Referrals: []bot.Referral{}}
	var texts []string
	for i, rep := range replies {
		if i == 0 {
			r.Kind, r.Confidence, r.Lang, r.Region = string(rep.Kind), rep.Confidence, rep.Lang, rep.Region
			if rep.Kind == bot.KindAnswer {
				r.Topic = rep.Topic
			}
		}
		texts = append(texts, rep.Text)
		r.Choices = append(r.Choices, rep.Choices...)
		r.Referrals = append(r.Referrals, rep.Referrals...)
		if rep.Region != "" && r.Region == "" {
			r.Region = rep.Region
		}
	}
	r.Text = strings.Join(texts, "\n\n")
	return r
}

func cmdAsk(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "", "language of the session (en, fr, ...)")
	region := fs.String("region", "", "province code or city (ON, AB, Calgary, ...)")
	user := fs.String("user", "", "conversation id: lines with the same user share a session")
	asJSON := fs.Bool("json", false, "print one JSON object per message")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if *region != "" {
		code := intents.RegionCode(*region)
		if code == "" {
			fmt.Fprintf(stderr, "newcomerbot: --region %q: not a Canadian province or city\n", *region)
			return errSilent
		}
		*region = code
	}
	question := strings.Join(fs.Args(), " ")
	if question == "" && !*asJSON {
		fmt.Fprintln(stderr, "newcomerbot: ask needs a QUESTION, or --json to read one per line from standard input")
		return errSilent
	}
	a, err := open(ctx, cfg, newLogger(cfg, stderr, true), stderr)
	if err != nil {
		return err
	}
	defer a.Close()

	n := 0
	ask := func(text string) (askResult, error) {
		n++
		id := *user
		if id == "" {
			id = fmt.Sprintf("ask-%d", n)
		}
		in := bot.Incoming{Platform: "console", User: "console:" + id, Chat: "console:" + id, Text: text, NoNotice: true, Region: *region}
		if *lang != "" {
			// a chosen language, as /language would set it
			if _, err := a.engine.Handle(ctx, bot.Incoming{Platform: "console", User: in.User, Button: "l:" + *lang, NoNotice: true}); err != nil {
				return askResult{}, err
			}
		}
		replies, err := a.engine.Handle(ctx, in)
		return summarize(replies), err
	}
	if question != "" {
		res, err := ask(question)
		if err != nil {
			a.log.Error("ask", "err", err)
		}
		if *asJSON {
			return json.NewEncoder(stdout).Encode(res)
		}
		fmt.Fprintln(stdout, res.Text)
		return nil
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	enc := json.NewEncoder(stdout)
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		res, err := ask(sc.Text())
		if err != nil {
			a.log.Error("ask", "err", err)
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return sc.Err()
}
