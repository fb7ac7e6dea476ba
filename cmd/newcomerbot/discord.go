package main

import (
	"context"
	"errors"
)

// startDiscord builds the Discord adapter from the configuration and
// returns the function that runs it. (Placeholder until adapters/discord lands.)
func startDiscord(ctx context.Context, a *app) (service, error) {
	return nil, errors.New("discord: not built yet")
}
