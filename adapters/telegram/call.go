package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ctxDoer gives every request of one library call the caller's context,
// since the library builds its requests without one. It lives only for
// that call.
type ctxDoer struct {
	ctx context.Context
	c   *http.Client
}

func (d ctxDoer) Do(r *http.Request) (*http.Response, error) { return d.c.Do(r.WithContext(d.ctx)) }

// bot returns a copy of the library client whose requests carry ctx.
func (a *Adapter) bot(ctx context.Context) *tgbotapi.BotAPI {
	b := *a.api
	b.Client = ctxDoer{ctx: ctx, c: a.client}
	return &b
}

const (
	maxRateRetries = 5 // 429 answers honoured for one call
	maxNetRetries  = 3 // network errors and 5xx answers retried for one call
)

// call runs one Bot API request for chat ("" when it concerns no chat),
// waiting for the rate limits first when limited. It retries after a 429
// (honouring retry_after), and after network errors and 5xx answers with
// a bounded backoff. A 403 becomes ErrBlocked. Errors never carry the token.
func (a *Adapter) call(ctx context.Context, method, chat string, limited bool, do func(*tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	rate, fails := 0, 0
	for {
		if limited {
			if err := a.limit.wait(ctx, chat); err != nil {
				return nil, err
			}
		}
		cctx, cancel := context.WithTimeout(ctx, a.callTimeout)
		resp, err := do(a.bot(cctx))
		cancel()
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var apiErr *tgbotapi.Error
		isAPI := errors.As(err, &apiErr)
		switch {
		case isAPI && apiErr.Code == http.StatusTooManyRequests:
			wait := time.Duration(apiErr.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			if rate++; rate > maxRateRetries {
				return nil, fmt.Errorf("telegram: %s: still rate limited after %d tries: %w", method, rate, err)
			}
			a.log.Warn("rate limited by telegram", "method", method, "chat", hashOrEmpty(chat), "retry_after", wait.Seconds())
			a.limit.hold(chat, time.Now().Add(wait))
			if !limited {
				if err := sleep(ctx, wait); err != nil {
					return nil, err
				}
			}
		case isAPI && apiErr.Code == http.StatusForbidden:
			return nil, fmt.Errorf("telegram: %s: %s: %w", method, apiErr.Message, ErrBlocked)
		case isAPI && apiErr.Code < 500:
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		default: // network error, undecodable answer or 5xx: try again
			if fails++; fails > maxNetRetries {
				return nil, fmt.Errorf("telegram: %s: %w", method, a.redact(err))
			}
			d := a.backoff << (fails - 1)
			a.log.Warn("telegram request failed, retrying", "method", method, "in", d.String(), "err", a.redact(err))
			if err := sleep(ctx, d); err != nil {
				return nil, err
			}
		}
	}
}

// redact removes the token from an error (the library's request URL
// contains it, and net/http puts the URL in its errors).
func (a *Adapter) redact(err error) error {
	if err == nil || a.cfg.Token == "" || !strings.Contains(err.Error(), a.cfg.Token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		c := *ue
		c.URL = strings.ReplaceAll(c.URL, a.cfg.Token, "REDACTED")
		if !strings.Contains(c.Error(), a.cfg.Token) {
			return &c
		}
	}
	return errors.New(strings.ReplaceAll(err.Error(), a.cfg.Token, "REDACTED"))
}

func hashOrEmpty(chat string) string {
	if chat == "" {
		return ""
	}
	return chatHash(chat)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limiter spaces out messages: per chat (private and group intervals) and
// overall. Callers wait their turn in order; nothing is dropped.
type limiter struct {
	mu                      sync.Mutex
	private, group, overall time.Duration
	next                    time.Time            // the next free overall slot
	chats                   map[string]time.Time // the next free slot per chat
}

func newLimiter(private, group, overall time.Duration) *limiter {
	return &limiter{private: private, group: group, overall: overall, chats: map[string]time.Time{}}
}

// reserveChat books chat's next slot at or after now and returns it.
func (l *limiter) reserveChat(chat string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := now
	if c, ok := l.chats[chat]; ok && c.After(t) {
		t = c
	}
	gap := l.private
	if strings.HasPrefix(chat, "-") {
		gap = l.group
	}
	l.chats[chat] = t.Add(gap)
	if len(l.chats) > 10000 { // forget chats that are free again
		for k, v := range l.chats {
			if v.Before(now) {
				delete(l.chats, k)
			}
		}
	}
	return t
}

// reserveOverall books the next overall slot at or after now.
func (l *limiter) reserveOverall(now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := now
	if l.next.After(t) {
		t = l.next
	}
	l.next = t.Add(l.overall)
	return t
}

// wait blocks until a message may go to chat: first the chat's turn, then
// an overall slot (booked only then, so that one busy chat does not hold
// up the others).
func (l *limiter) wait(ctx context.Context, chat string) error {
	if chat != "" {
		if err := sleep(ctx, time.Until(l.reserveChat(chat, time.Now()))); err != nil {
			return err
		}
	}
	return sleep(ctx, time.Until(l.reserveOverall(time.Now())))
}

// hold keeps chat (or everything, for "") quiet until t, after a 429.
func (l *limiter) hold(chat string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if chat == "" {
		if t.After(l.next) {
			l.next = t
		}
		return
	}
	if t.After(l.chats[chat]) {
		l.chats[chat] = t
	}
}
