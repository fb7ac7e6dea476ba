package main

import (
	"bufio"
	"fmt"
	"os"
	"testing"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
)

func TestDebugMatch(t *testing.T) {
	dir := os.Getenv("DBG_KB")
	if dir == "" {
		t.Skip("short")
	}
	b, err := loadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := intents.NewIndex(bot.Docs(b), intents.Options{})
	sc := bufio.NewScanner(os.Stdin)
	f, _ := os.Open(os.Getenv("DBG_Q"))
	sc = bufio.NewScanner(f)
	for sc.Scan() {
		q := sc.Text()
		r := ix.Match(q)
		fmt.Printf("%s %.2f crisis=%s %v | %v | %s\n", r.Decision, r.Confidence, r.Crisis, r.Candidates, intents.Terms(q), q)
	}
}
