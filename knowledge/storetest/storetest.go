// Package storetest is the conformance suite every knowledge.Store passes.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/knowledge"
)

func base(version, answer string) *knowledge.Base {
	return &knowledge.Base{
		Version: version,
		Topics: []knowledge.Topic{{
			ID:        "sin",
			Title:     knowledge.Text{"en": "Social Insurance Number", "fr": "Numéro d'assurance sociale"},
			Questions: map[string][]string{"en": {"how do i get a sin"}, "fr": {"comment obtenir un nas"}},
			Answer:    knowledge.Text{"en": answer, "fr": "réponse " + answer},
			Regions:   map[string]knowledge.Override{"ON": {Answer: knowledge.Text{"en": "on " + answer, "fr": "on"}}},
			Sources:   []string{"https://www.canada.ca/sin"},
			Reviewed:  "2026-11-22",
		}},
		Services: []knowledge.Service{{ID: "two-one-one", Organization: "211", Region: "CA", Topics: []string{"sin"}, URL: "https://211.ca", Sources: []string{"https://211.ca"}, AssuredDate: "2026-11-22"}},
	}
}

// Run runs the suite; newStore returns an empty store each call.
func Run(t *testing.T, newStore func(t *testing.T) knowledge.Store) {
	ctx := context.Background()
	t.Run("EmptyIsNotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Live(ctx); !errors.Is(err, knowledge.ErrNotFound) {
			t.Fatalf("Live on empty store: got %v, want ErrNotFound", err)
		}
		if _, err := s.Rollback(ctx); !errors.Is(err, knowledge.ErrNotFound) {
			t.Fatalf("Rollback on empty store: got %v, want ErrNotFound", err)
		}
	})
	t.Run("PublishRoundTrip", func(t *testing.T) {
		s := newStore(t)
		v, err := s.Publish(ctx, base("v1", "one"))
		if err != nil || v != "v1" {
			t.Fatalf("Publish: got %q, %v", v, err)
		}
		b, err := s.Live(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := b.Topic("sin")
		if err != nil {
			t.Fatal(err)
		}
		if b.Version != "v1" || tp.Answer["en"] != "one" || tp.Regions["ON"].Answer["en"] != "on one" {
			t.Fatalf("round trip lost data: %+v", b)
		}
		if len(b.Services) != 1 || b.Services[0].Organization != "211" {
			t.Fatalf("services: got %+v", b.Services)
		}
	})
	t.Run("PublishSwitchesAndRollsBack", func(t *testing.T) {
		s := newStore(t)
		mustPublish(t, s, base("v1", "one"))
		mustPublish(t, s, base("v2", "two"))
		if got := liveAnswer(t, s); got != "two" {
			t.Fatalf("after second publish: got %q, want two", got)
		}
		v, err := s.Rollback(ctx)
		if err != nil || v != "v1" {
			t.Fatalf("Rollback: got %q, %v; want v1", v, err)
		}
		if got := liveAnswer(t, s); got != "one" {
			t.Fatalf("after rollback: got %q, want one", got)
		}
	})
	t.Run("WatchSeesPublish", func(t *testing.T) {
		s := newStore(t)
		w, ok := s.(knowledge.Watcher)
		if !ok {
			t.Fatal("every knowledge store must implement knowledge.Watcher")
		}
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch, err := w.Watch(wctx)
		if err != nil {
			t.Fatal(err)
		}
		mustPublish(t, s, base("v9", "nine"))
		select {
		case v := <-ch:
			if v != "v9" {
				t.Fatalf("Watch: got %q, want v9", v)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Watch: no notice within 5s of Publish")
		}
	})
}

func mustPublish(t *testing.T, s knowledge.Store, b *knowledge.Base) {
	t.Helper()
	if _, err := s.Publish(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func liveAnswer(t *testing.T, s knowledge.Store) string {
	t.Helper()
	b, err := s.Live(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tp, err := b.Topic("sin")
	if err != nil {
		t.Fatal(err)
	}
	return tp.Answer["en"]
}
