package main

import (
	"context"
	"errors"
	"net/http"
)

// startTelegram builds the Telegram adapter from the configuration and
// returns the function that runs it. (Placeholder until adapters/telegram lands.)
func startTelegram(ctx context.Context, a *app, mux *http.ServeMux) (service, error) {
	return nil, errors.New("telegram: not built yet")
}
