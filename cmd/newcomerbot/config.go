package main

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
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
	HandoffTelegram string
	HandoffDiscord  string
	Workers         []string
	OfficeHours     string
	Retention       time.Duration
	ListenAddr      string
	LogLevel        slog.Level
}

// secret is a string that never appears in logs.
type secret string

func (secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }
func (s secret) String() string     { return "REDACTED" }

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
	for _, w := range strings.Split(getenv("WORKERS"), ",") {
		if w = strings.TrimSpace(w); w != "" {
			c.Workers = append(c.Workers, w)
		}
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
