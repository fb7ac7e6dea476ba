package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/newcomerbot/newcomerbot/adapters/telegram"
)

// startTelegram builds the Telegram adapter from the configuration (it
// checks the token with getMe), mounts its webhook on mux in webhook mode,
// registers it for handoff relays and returns the function that runs it.
func startTelegram(ctx context.Context, a *app, mux *http.ServeMux) (service, error) {
	if a.cfg.TelegramHook != "" && a.cfg.ListenAddr == "" {
		return nil, errors.New("TELEGRAM_WEBHOOK_URL needs LISTEN_ADDR: the webhook is served on that address")
	}
	platform := a.redis.Platform()
	adapter, err := telegram.New(ctx, telegram.Config{
		Token:         string(a.cfg.TelegramToken),
		Endpoint:      a.cfg.TelegramAPI,
		WebhookURL:    a.cfg.TelegramHook,
		WebhookSecret: string(a.cfg.TelegramSecret),
		StaffChat:     a.cfg.HandoffTelegram,
		Forget:        a.forget,
	}, a.engine, platform, platform, a.log)
	if err != nil {
		return nil, err
	}
	if path := adapter.WebhookPath(); path != "" {
		switch path {
		case "/healthz", "/readyz", "/metrics":
			return nil, errors.New("TELEGRAM_WEBHOOK_URL: its path is taken by " + path)
		}
		mux.Handle(path, adapter)
	}
	a.senders["telegram"] = adapter
	return adapter.Run, nil
}
