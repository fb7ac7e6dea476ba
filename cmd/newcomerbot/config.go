package main

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Config is everything the environment configures.
type Config struct {
	RedisURL        string
	KBDir           string
	TelegramToken   secret
	TelegramAPI     string
	TelegramHook    string
	TelegramSecret  secret
	DiscordToken    secret
	DiscordAppID    string
	DiscordGuildID  string
	DiscordAPIBase  string
	DiscordShardID  int
	DiscordShards   int
	DiscordContent  bool     // DISCORD_MESSAGE_CONTENT=1: ask for the privileged Message Content intent
	DiscordPublic   []string // DISCORD_PUBLIC_CHANNELS: channel ids where /ask answers are public
	HandoffTelegram string
	HandoffDiscord  string
	Workers         []string
	OfficeHours     string
	Hours           bot.OfficeHours // OFFICE_HOURS, parsed
	HandoffSLA      time.Duration   // HANDOFF_SLA: re-post an unclaimed ticket after this much office time (default 15m)
	Retention       time.Duration
	ListenAddr      string
	LogLevel        slog.Level

	// Set by tests only: how long a queued ticket may stay with a dead
	// bot before another takes it over, and one wait for new tickets.
	handoffIdle, handoffPoll time.Duration
}

// secret is a string that never appears in logs.
type secret string

func (secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }
func (s secret) String() string     { return "REDACTED" }

// list splits a comma-separated setting, dropping blanks.
func list(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		RedisURL:        getenv("REDIS_URL"),
		KBDir:           getenv("KB_DIR"),
		TelegramToken:   secret(getenv("TELEGRAM_TOKEN")),
		TelegramAPI:     getenv("TELEGRAM_API_ENDPOINT"),
		TelegramHook:    getenv("TELEGRAM_WEBHOOK_URL"),
		TelegramSecret:  secret(getenv("TELEGRAM_WEBHOOK_SECRET")),
		DiscordToken:    secret(getenv("DISCORD_TOKEN")),
		DiscordAppID:    getenv("DISCORD_APP_ID"),
		DiscordGuildID:  getenv("DISCORD_GUILD_ID"),
		DiscordAPIBase:  getenv("DISCORD_API_BASE"),
		HandoffTelegram: getenv("HANDOFF_TELEGRAM_CHAT_ID"),
		HandoffDiscord:  getenv("HANDOFF_DISCORD_CHANNEL_ID"),
		OfficeHours:     getenv("OFFICE_HOURS"),
		ListenAddr:      getenv("LISTEN_ADDR"),
		Retention:       30 * 24 * time.Hour,
	}
	c.Workers = list(getenv("WORKERS"))
	c.DiscordPublic = list(getenv("DISCORD_PUBLIC_CHANNELS"))
	c.DiscordContent = getenv("DISCORD_MESSAGE_CONTENT") == "1" || strings.EqualFold(getenv("DISCORD_MESSAGE_CONTENT"), "true")
	c.DiscordShards = 1
	for name, dst := range map[string]*int{"DISCORD_SHARD_ID": &c.DiscordShardID, "DISCORD_SHARD_COUNT": &c.DiscordShards} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return c, fmt.Errorf("%s %q: want a whole number", name, v)
			}
			*dst = n
		}
	}
	hours, err := bot.ParseOfficeHours(c.OfficeHours)
	if err != nil {
		return c, fmt.Errorf("OFFICE_HOURS: %w", err)
	}
	c.Hours = hours
	c.HandoffSLA = 15 * time.Minute
	if v := getenv("HANDOFF_SLA"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("HANDOFF_SLA %q: want a duration such as 15m", v)
		}
		c.HandoffSLA = d
	}
	if r := getenv("RETENTION"); r != "" {
		d, err := time.ParseDuration(r)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("RETENTION %q: want a duration such as 720h", r)
		}
		c.Retention = d
	}
	switch strings.ToLower(getenv("LOG_LEVEL")) {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return c, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	return c, nil
}
