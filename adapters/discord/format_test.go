package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/bot"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Apply at Service Canada", "Apply at Service Canada"},
		{"bold and italics", "*not* _bold_ **x**", `\*not\* \_bold\_ \*\*x\*\*`},
		{"strike spoiler code", "~~a~~ ||b|| `c`", "\\~\\~a\\~\\~ \\|\\|b\\|\\| \\`c\\`"},
		{"quote heading list", "> q\n# h\n- item", "\\> q\n\\# h\n\\- item"},
		{"masked link", "[click](http://evil.example)", `\[click\]\(http://evil.example)`},
		{"backslash", `C:\path`, `C:\\path`},
		{"phone", "1-800-206-7218", `1\-800\-206\-7218`},
		{"url untouched", "See https://www.canada.ca/en/employment-social-development/services/sin.html now",
			"See https://www.canada.ca/en/employment-social-development/services/sin.html now"},
		{"url with underscores", "(https://a.example/x_y_z)", `\(https://a.example/x_y_z)`},
		{"everyone and here", "hi @everyone and @here", "hi @\u200beveryone and @\u200bhere"},
		{"non-latin", "مرحبا *", `مرحبا \*`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestChunks(t *testing.T) {
	para := strings.Repeat("word ", 150) // 750 characters
	tests := []struct {
		name  string
		in    string
		count int
	}{
		{"empty", "  ", 0},
		{"short", "hello", 1},
		{"exactly the limit", strings.Repeat("a", maxMessage), 1},
		{"one over", strings.Repeat("a", maxMessage+1), 2},
		{"paragraphs", strings.Join([]string{para, para, para, para}, "\n\n"), 2},
		{"escapes count", strings.Repeat("-", 1500), 2},
		{"one huge word", strings.Repeat("x", 5000), 3},
		{"lines only", strings.Repeat(strings.Repeat("y", 99)+"\n", 50), 3},
		{"astral characters", strings.Repeat("😀", 1500), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chunks(tt.in)
			if len(got) != tt.count {
				t.Fatalf("got %d chunks, want %d", len(got), tt.count)
			}
			for i, c := range got {
				if n := length(c); n > maxMessage {
					t.Errorf("chunk %d has %d characters, over %d", i, n, maxMessage)
				}
				if strings.HasSuffix(c, `\`) && !strings.HasSuffix(c, `\\`) {
					t.Errorf("chunk %d ends inside an escape", i)
				}
			}
			// Nothing is lost: the chunks hold every non-space character.
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if want, all := squeeze(escape(tt.in)), squeeze(strings.Join(got, "")); all != want {
				t.Errorf("chunks lost text: got %d characters, want %d", len(all), len(want))
			}
		})
	}
	t.Run("splits on paragraph boundaries", func(t *testing.T) {
		got := chunks(strings.Join([]string{para, para, para, para}, "\n\n"))
		for i, c := range got {
			if c != strings.TrimSpace(strings.Repeat(para+"\n\n", 2)) {
				t.Errorf("chunk %d is not two whole paragraphs: %q...", i, c[:40])
			}
		}
	})
}

func TestComponents(t *testing.T) {
	row := func(n int, prefix string) []bot.Button {
		var r []bot.Button
		for i := range n {
			r = append(r, bot.Button{Label: fmt.Sprint(prefix, i), Data: fmt.Sprint(prefix, i)})
		}
		return r
	}
	t.Run("rows and ids", func(t *testing.T) {
		comps, dropped := components([][]bot.Button{
			{{Label: "Health card", Data: "t:health-card"}, {Label: "👍", Data: "f:+:sin"}},
			{{Label: "Talk to a person", Data: "human"}},
		})
		if dropped != 0 {
			t.Errorf("dropped %d", dropped)
		}
		got := fmt.Sprint(customIDs(comps))
		if want := "[[t:health-card f:+:sin] [human]]"; got != want {
			t.Errorf("custom ids %s, want %s", got, want)
		}
	})
	t.Run("limits", func(t *testing.T) {
		var rows [][]bot.Button
		for i := range 7 {
			rows = append(rows, row(7, fmt.Sprint("r", i, "b")))
		}
		comps, dropped := components(rows)
		if len(comps) != maxRows {
			t.Errorf("%d rows, want %d", len(comps), maxRows)
		}
		for _, r := range customIDs(comps) {
			if len(r) != maxPerRow {
				t.Errorf("row of %d buttons, want %d", len(r), maxPerRow)
			}
		}
		if dropped != 49-25 {
			t.Errorf("dropped %d, want %d", dropped, 49-25)
		}
	})
	t.Run("labels, empty and repeated ids", func(t *testing.T) {
		comps, dropped := components([][]bot.Button{{
			{Label: strings.Repeat("L", 120), Data: "a"},
			{Label: "no data"},
			{Label: "again", Data: "a"},
			{Label: "long id", Data: strings.Repeat("i", 101)},
		}})
		if dropped != 3 {
			t.Errorf("dropped %d, want 3", dropped)
		}
		b := comps[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
		if n := length(b.Label); n != maxLabel {
			t.Errorf("label of %d characters, want %d", n, maxLabel)
		}
	})
}

func TestCommands(t *testing.T) {
	cmds := commands()
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
		if c.NameLocalizations == nil || (*c.NameLocalizations)[discordgo.French] == "" {
			t.Errorf("/%s has no French name", c.Name)
		}
		if c.DescriptionLocalizations == nil || (*c.DescriptionLocalizations)[discordgo.French] == "" {
			t.Errorf("/%s has no French description", c.Name)
		}
		if len(c.Description) > 100 {
			t.Errorf("/%s description over 100 characters", c.Name)
		}
		for _, o := range c.Options {
			if o.NameLocalizations[discordgo.French] == "" || o.DescriptionLocalizations[discordgo.French] == "" {
				t.Errorf("/%s option %s is not localized", c.Name, o.Name)
			}
			if len(o.Description) > 100 {
				t.Errorf("/%s option %s description over 100 characters", c.Name, o.Name)
			}
		}
	}
	if got, want := strings.Join(names, " "), "ask help language region human forget privacy"; got != want {
		t.Errorf("commands %q, want %q", got, want)
	}

	tests := []struct {
		name string
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want string
	}{
		{"ask", []*discordgo.ApplicationCommandInteractionDataOption{stringOpt("question", "  How do I get a SIN? ")}, "How do I get a SIN?"},
		{"help", nil, "/help"},
		{"language", []*discordgo.ApplicationCommandInteractionDataOption{stringOpt("code", "fr")}, "/language fr"},
		{"language", nil, "/language"},
		{"region", []*discordgo.ApplicationCommandInteractionDataOption{stringOpt("place", "Calgary")}, "/region Calgary"},
		{"human", nil, "/human"},
		{"forget", nil, "/forget"},
		{"privacy", nil, "/privacy"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, ok := commandText(discordgo.ApplicationCommandInteractionData{Name: tt.name, Options: tt.opts})
			if !ok || got != tt.want {
				t.Errorf("commandText(/%s) = %q, %v; want %q", tt.name, got, ok, tt.want)
			}
		})
	}
	if _, ok := commandText(discordgo.ApplicationCommandInteractionData{Name: "old"}); ok {
		t.Error("an unknown command was mapped")
	}
}

func TestLangHint(t *testing.T) {
	for in, want := range map[discordgo.Locale]string{"fr": "fr", "en-US": "en", "zh-CN": "zh", "es-ES": "es", "": ""} {
		if got := langHint(in); got != want {
			t.Errorf("langHint(%q) = %q, want %q", in, got, want)
		}
	}
}
