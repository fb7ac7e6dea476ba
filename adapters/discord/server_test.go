package discord

import (
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/discord/discordtest"
)

// newFakeDiscord starts a fake Discord (REST and gateway, see
// discordtest) for one test; at the end it is closed and the protocol
// mistakes it saw fail the test.
func newFakeDiscord(t *testing.T) *discordtest.Server {
	t.Helper()
	fd := discordtest.NewServer()
	fd.Token = "test-token"
	t.Cleanup(func() {
		fd.Close()
		for _, err := range fd.Errors() {
			t.Errorf("fake Discord: %v", err)
		}
	})
	return fd
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
