package redis

// The handoff store. Keys, all under one hash tag so that a Cluster keeps
// them in one slot (the scripts touch several at once):
//
//	nb:{handoff}:seq               string  the last ticket number (INCR)
//	nb:{handoff}:t:<n>             hash    ticket n; expires after the retention without a change
//	nb:{handoff}:t:<n>:log         stream  ticket n's transcript (newcomer, worker, note lines); same expiry
//	nb:{handoff}:user:<user>       string  the person's open ticket number
//	nb:{handoff}:user:<user>:all   set     all the person's ticket numbers, for /forget
//	nb:{handoff}:active            zset    open and claimed ticket numbers (score: number)
//	nb:{handoff}:msg:<platform>:<id> string a staff-chat message → its ticket number; expires after the retention
//	nb:{handoff}:queue             stream  tickets to post (field n); consumer group "desk"
//
// The queue is read with XREADGROUP by every bot replica's Desk under its
// own consumer name, so each ticket is posted by one of them; an entry is
// acknowledged (XACK) only after the ticket was posted, and entries a dead
// consumer left pending longer than the idle time are taken over with
// XAUTOCLAIM, so a ticket queued before a crash is still posted after it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/newcomerbot/newcomerbot/bot"
)

const (
	keyHandoffSeq    = "nb:{handoff}:seq"
	keyHandoffActive = "nb:{handoff}:active"
	keyHandoffQueue  = "nb:{handoff}:queue"
	handoffGroup     = "desk"
	queueMaxLen      = 100000
)

func keyTicket(n int) string              { return "nb:{handoff}:t:" + strconv.Itoa(n) }
func keyTranscript(n int) string          { return keyTicket(n) + ":log" }
func keyTicketUser(user string) string    { return "nb:{handoff}:user:" + user }
func keyTicketUserAll(user string) string { return keyTicketUser(user) + ":all" }
func keyStaffMsg(platform, id string) string {
	return "nb:{handoff}:msg:" + platform + ":" + id
}

// Handoff stores handoff tickets, their transcripts and the posting queue.
type Handoff struct {
	c     *Client
	group atomic.Bool // the consumer group is known to exist
}

var _ bot.TicketStore = (*Handoff)(nil)

// Handoff returns the ticket store on c.
func (c *Client) Handoff() *Handoff { return &Handoff{c: c} }

func ms(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

func fromMS(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n)
}

func (h *Handoff) retention() int64 { return h.c.retention.Milliseconds() }

// createScript stores a new ticket unless the person has an open one.
// KEYS: user index, ticket, queue, active, user's set. ARGV: number,
// retention ms, max queue length, then field/value pairs.
var createScript = goredis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur then return {0, cur} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[1], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('PEXPIRE', KEYS[5], ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'n', ARGV[1])
return {1, ARGV[1]}
`)

// Create implements bot.TicketStore.
func (h *Handoff) Create(ctx context.Context, t bot.Ticket) (bot.Ticket, error) {
	if cur, err := h.OpenTicket(ctx, t.User); err == nil {
		return cur, bot.ErrTicketOpen
	} else if !errors.Is(err, bot.ErrNotFound) {
		return bot.Ticket{}, err
	}
	n, err := h.c.rdb.Incr(ctx, keyHandoffSeq).Result()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: ticket number: %w", err)
	}
	t.Number, t.Status, t.Messages = int(n), bot.TicketOpen, map[string]string{}
	if t.Posted.IsZero() {
		t.Posted = t.Created
	}
	recent, _ := json.Marshal(t.Recent)
	urgent := "0"
	if t.Urgent {
		urgent = "1"
	}
	args := []any{t.Number, h.retention(), queueMaxLen,
		"number", t.Number, "user", t.User, "platform", t.Platform, "chat", t.Chat, "lang", t.Lang,
		"region", t.Region, "topic", t.Topic, "question", t.Question, "recent", string(recent),
		"urgent", urgent, "status", string(bot.TicketOpen), "created", ms(t.Created), "posted", ms(t.Posted)}
	keys := []string{keyTicketUser(t.User), keyTicket(t.Number), keyHandoffQueue, keyHandoffActive, keyTicketUserAll(t.User)}
	res, err := createScript.Run(ctx, h.c.rdb, keys, args...).Slice()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: create ticket: %w", err)
	}
	if len(res) == 2 && res[0] == int64(0) {
		// Another request of the same person won the race.
		cur, _ := strconv.Atoi(fmt.Sprint(res[1]))
		got, err := h.Ticket(ctx, cur)
		if err != nil {
			return bot.Ticket{}, err
		}
		return got, bot.ErrTicketOpen
	}
	return h.Ticket(ctx, t.Number)
}

// Ticket implements bot.TicketStore.
func (h *Handoff) Ticket(ctx context.Context, n int) (bot.Ticket, error) {
	m, err := h.c.rdb.HGetAll(ctx, keyTicket(n)).Result()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: ticket %d: %w", n, err)
	}
	if len(m) == 0 {
		return bot.Ticket{}, bot.ErrNotFound
	}
	return ticketFrom(n, m), nil
}

func ticketFrom(n int, m map[string]string) bot.Ticket {
	t := bot.Ticket{
		Number: n, User: m["user"], Platform: m["platform"], Chat: m["chat"], Lang: m["lang"], Region: m["region"],
		Topic: m["topic"], Question: m["question"], Urgent: m["urgent"] == "1", Status: bot.TicketStatus(m["status"]),
		Worker: m["worker"], Outcome: m["outcome"],
		Created: fromMS(m["created"]), Claimed: fromMS(m["claimed"]), Closed: fromMS(m["closed"]),
		Replied: fromMS(m["replied"]), Posted: fromMS(m["posted"]), Messages: map[string]string{},
	}
	t.Rating, _ = strconv.Atoi(m["rating"])
	if r := m["recent"]; r != "" && r != "null" {
		_ = json.Unmarshal([]byte(r), &t.Recent)
	}
	for k, v := range m {
		if p, ok := strings.CutPrefix(k, "msg:"); ok && v != "" {
			t.Messages[p] = v
		}
	}
	return t
}

// OpenTicket implements bot.TicketStore. An index entry whose ticket is
// gone or closed is dropped.
func (h *Handoff) OpenTicket(ctx context.Context, user string) (bot.Ticket, error) {
	v, err := h.c.rdb.Get(ctx, keyTicketUser(user)).Result()
	if isNil(err) {
		return bot.Ticket{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: open ticket: %w", err)
	}
	n, _ := strconv.Atoi(v)
	t, err := h.Ticket(ctx, n)
	if errors.Is(err, bot.ErrNotFound) || (err == nil && t.Status == bot.TicketClosed) {
		h.c.rdb.Eval(ctx, `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`,
			[]string{keyTicketUser(user)}, v)
		return bot.Ticket{}, bot.ErrNotFound
	}
	return t, err
}

// Active implements bot.TicketStore.
func (h *Handoff) Active(ctx context.Context) ([]bot.Ticket, error) {
	ids, err := h.c.rdb.ZRange(ctx, keyHandoffActive, 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redis: active tickets: %w", err)
	}
	cmds := make([]*goredis.MapStringStringCmd, len(ids))
	_, err = h.c.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, id := range ids {
			n, _ := strconv.Atoi(id)
			cmds[i] = p.HGetAll(ctx, keyTicket(n))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("redis: active tickets: %w", err)
	}
	var out []bot.Ticket
	var stale []any
	for i, id := range ids {
		n, _ := strconv.Atoi(id)
		m := cmds[i].Val()
		if len(m) == 0 || m["status"] == string(bot.TicketClosed) {
			stale = append(stale, id)
			continue
		}
		out = append(out, ticketFrom(n, m))
	}
	if len(stale) > 0 {
		h.c.rdb.ZRem(ctx, keyHandoffActive, stale...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

// claimScript: KEYS ticket; ARGV worker, at, retention.
var claimScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local st = redis.call('HGET', KEYS[1], 'status')
if st == 'closed' then return 'closed' end
if st == 'claimed' then return 'claimed' end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'worker', ARGV[1], 'claimed', ARGV[2], 'replied', '')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'ok'
`)

// Claim implements bot.TicketStore with a script, so that of simultaneous
// claims exactly one wins.
func (h *Handoff) Claim(ctx context.Context, n int, worker string, at time.Time) (bot.Ticket, error) {
	res, err := claimScript.Run(ctx, h.c.rdb, []string{keyTicket(n)}, worker, ms(at), h.retention()).Text()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: claim ticket %d: %w", n, err)
	}
	return h.outcome(ctx, n, res, map[string]error{"closed": bot.ErrClosed, "claimed": bot.ErrClaimed})
}

// outcome turns a ticket script's result into the ticket as it is now and
// the error that result stands for: "missing" is always ErrNotFound, "ok"
// and any result not in errs no error.
func (h *Handoff) outcome(ctx context.Context, n int, res string, errs map[string]error) (bot.Ticket, error) {
	if res == "missing" {
		return bot.Ticket{}, bot.ErrNotFound
	}
	t, err := h.Ticket(ctx, n)
	if err != nil {
		return t, err
	}
	return t, errs[res]
}

// releaseScript: KEYS ticket; ARGV worker ("" any), at, retention.
var releaseScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 'no' end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] then return 'no' end
redis.call('HSET', KEYS[1], 'status', 'open', 'worker', '', 'claimed', '', 'replied', '', 'posted', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'ok'
`)

// Release implements bot.TicketStore.
func (h *Handoff) Release(ctx context.Context, n int, worker string, at time.Time) (bot.Ticket, error) {
	res, err := releaseScript.Run(ctx, h.c.rdb, []string{keyTicket(n)}, worker, ms(at), h.retention()).Text()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: release ticket %d: %w", n, err)
	}
	return h.outcome(ctx, n, res, map[string]error{"no": bot.ErrNotClaimed})
}

// closeScript: KEYS ticket, user index, active; ARGV number, outcome, at,
// retention.
var closeScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('HGET', KEYS[1], 'status') == 'closed' then return 'closed' end
redis.call('HSET', KEYS[1], 'status', 'closed', 'outcome', ARGV[2], 'closed', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('ZREM', KEYS[3], ARGV[1])
return 'ok'
`)

// Close implements bot.TicketStore.
func (h *Handoff) Close(ctx context.Context, n int, outcome string, at time.Time) (bot.Ticket, error) {
	user, err := h.c.rdb.HGet(ctx, keyTicket(n), "user").Result()
	if isNil(err) {
		return bot.Ticket{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: close ticket %d: %w", n, err)
	}
	keys := []string{keyTicket(n), keyTicketUser(user), keyHandoffActive}
	res, err := closeScript.Run(ctx, h.c.rdb, keys, n, outcome, ms(at), h.retention()).Text()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("redis: close ticket %d: %w", n, err)
	}
	return h.outcome(ctx, n, res, map[string]error{"closed": bot.ErrClosed})
}

// repostScript: KEYS ticket; ARGV prev, at.
var repostScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if (redis.call('HGET', KEYS[1], 'posted') or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'posted', ARGV[2])
return 1
`)

// Repost implements bot.TicketStore.
func (h *Handoff) Repost(ctx context.Context, n int, prev, at time.Time) (bool, error) {
	res, err := repostScript.Run(ctx, h.c.rdb, []string{keyTicket(n)}, ms(prev), ms(at)).Int()
	if err != nil {
		return false, fmt.Errorf("redis: repost ticket %d: %w", n, err)
	}
	if res < 0 {
		return false, bot.ErrNotFound
	}
	return res == 1, nil
}

// hsetIfScript sets fields on an existing hash only (never bringing back
// a ticket that expired). KEYS ticket; ARGV field/value pairs.
var hsetIfScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`)

// Mark implements bot.TicketStore.
func (h *Handoff) Mark(ctx context.Context, n int, m bot.TicketMark) error {
	var args []any
	if !m.Replied.IsZero() {
		args = append(args, "replied", ms(m.Replied))
	}
	if m.Rating != 0 {
		args = append(args, "rating", m.Rating)
	}
	if m.Urgent {
		args = append(args, "urgent", "1")
	}
	if m.Platform != "" && m.Message != "" {
		args = append(args, "msg:"+m.Platform, m.Message)
	}
	if len(args) == 0 {
		return nil
	}
	ok, err := hsetIfScript.Run(ctx, h.c.rdb, []string{keyTicket(n)}, args...).Int()
	if err != nil {
		return fmt.Errorf("redis: mark ticket %d: %w", n, err)
	}
	if ok == 0 {
		return bot.ErrNotFound
	}
	if m.Platform != "" && m.Message != "" {
		return h.Link(ctx, n, m.Platform, m.Message)
	}
	return nil
}

// Link implements bot.TicketStore; the link expires after the retention.
func (h *Handoff) Link(ctx context.Context, n int, platform, msg string) error {
	if err := h.c.rdb.Set(ctx, keyStaffMsg(platform, msg), n, h.c.retention).Err(); err != nil {
		return fmt.Errorf("redis: link staff message: %w", err)
	}
	return nil
}

// Linked implements bot.TicketStore.
func (h *Handoff) Linked(ctx context.Context, platform, msg string) (int, error) {
	v, err := h.c.rdb.Get(ctx, keyStaffMsg(platform, msg)).Int()
	if isNil(err) {
		return 0, bot.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("redis: staff message: %w", err)
	}
	return v, nil
}

// appendScript: KEYS ticket, transcript; ARGV retention, then fields.
var appendScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`)

// Append implements bot.TicketStore. The transcript, like the ticket,
// expires after the retention without a new line.
func (h *Handoff) Append(ctx context.Context, n int, l bot.Line) error {
	ok, err := appendScript.Run(ctx, h.c.rdb, []string{keyTicket(n), keyTranscript(n)},
		h.retention(), "from", l.From, "by", l.By, "text", l.Text, "at", ms(l.Time)).Int()
	if err != nil {
		return fmt.Errorf("redis: transcript %d: %w", n, err)
	}
	if ok == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// Transcript implements bot.TicketStore.
func (h *Handoff) Transcript(ctx context.Context, n int) ([]bot.Line, error) {
	msgs, err := h.c.rdb.XRange(ctx, keyTranscript(n), "-", "+").Result()
	if err != nil {
		return nil, fmt.Errorf("redis: transcript %d: %w", n, err)
	}
	out := make([]bot.Line, 0, len(msgs))
	for _, m := range msgs {
		s := func(k string) string { v, _ := m.Values[k].(string); return v }
		out = append(out, bot.Line{From: s("from"), By: s("by"), Text: s("text"), Time: fromMS(s("at"))})
	}
	return out, nil
}

// forgetScript closes ticket n if active and erases what identifies its
// person. KEYS ticket, transcript, active; ARGV number, at. Returns 1 when
// the ticket was open or claimed.
var forgetScript = goredis.NewScript(`
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local st = redis.call('HGET', KEYS[1], 'status')
local was = 0
if st ~= 'closed' then
  was = 1
  redis.call('HSET', KEYS[1], 'status', 'closed', 'outcome', 'forgotten', 'closed', ARGV[2])
end
redis.call('HDEL', KEYS[1], 'user', 'chat', 'topic', 'question', 'recent')
redis.call('ZREM', KEYS[3], ARGV[1])
return was
`)

// Forget implements bot.TicketStore.
func (h *Handoff) Forget(ctx context.Context, user string) ([]int, error) {
	ids, err := h.c.rdb.SMembers(ctx, keyTicketUserAll(user)).Result()
	if err != nil {
		return nil, fmt.Errorf("redis: forget tickets: %w", err)
	}
	if cur, err := h.c.rdb.Get(ctx, keyTicketUser(user)).Result(); err == nil {
		ids = append(ids, cur) // in case the set expired first
	}
	var was []int
	seen := map[int]bool{}
	for _, id := range ids {
		n, err := strconv.Atoi(id)
		if err != nil || seen[n] {
			continue
		}
		seen[n] = true
		owner, err := h.c.rdb.HGet(ctx, keyTicket(n), "user").Result()
		if err != nil && !isNil(err) {
			return was, fmt.Errorf("redis: forget ticket %d: %w", n, err)
		}
		if owner != user && !isNil(err) {
			continue
		}
		w, err := forgetScript.Run(ctx, h.c.rdb, []string{keyTicket(n), keyTranscript(n), keyHandoffActive}, n, ms(time.Now())).Int()
		if err != nil {
			return was, fmt.Errorf("redis: forget ticket %d: %w", n, err)
		}
		if w == 1 {
			was = append(was, n)
		}
	}
	if err := h.c.rdb.Del(ctx, keyTicketUser(user), keyTicketUserAll(user)).Err(); err != nil {
		return was, fmt.Errorf("redis: forget tickets: %w", err)
	}
	sort.Ints(was)
	return was, nil
}

// ensureGroup creates the queue's consumer group (and the stream) once.
// The group starts at the beginning, so tickets queued before any Desk
// ever ran are posted too.
func (h *Handoff) ensureGroup(ctx context.Context) error {
	if h.group.Load() {
		return nil
	}
	err := h.c.rdb.XGroupCreateMkStream(ctx, keyHandoffQueue, handoffGroup, "0").Err()
	if err != nil && !strings.Contains(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("redis: handoff queue group: %w", err)
	}
	h.group.Store(true)
	return nil
}

// Next implements bot.TicketStore: XAUTOCLAIM takes over entries pending
// longer than idle (their consumer died before acknowledging them), then
// XREADGROUP reads new ones, blocking up to wait when there are none.
func (h *Handoff) Next(ctx context.Context, consumer string, idle, wait time.Duration) ([]bot.Queued, error) {
	if err := h.ensureGroup(ctx); err != nil {
		return nil, err
	}
	var out []bot.Queued
	claimed, _, err := h.c.rdb.XAutoClaim(ctx, &goredis.XAutoClaimArgs{
		Stream: keyHandoffQueue, Group: handoffGroup, Consumer: consumer, MinIdle: idle, Start: "0-0", Count: 50,
	}).Result()
	if err != nil {
		return nil, h.queueErr(err)
	}
	out = appendQueued(out, claimed)
	block := wait
	if len(out) > 0 || wait <= 0 {
		block = -1 // no BLOCK argument: Block 0 would wait forever
	}
	streams, err := h.c.rdb.XReadGroup(ctx, &goredis.XReadGroupArgs{
		Group: handoffGroup, Consumer: consumer, Streams: []string{keyHandoffQueue, ">"}, Count: 50, Block: block,
	}).Result()
	if err != nil && !isNil(err) {
		if len(out) > 0 {
			return out, nil
		}
		return nil, h.queueErr(err)
	}
	for _, s := range streams {
		out = appendQueued(out, s.Messages)
	}
	return out, nil
}

func (h *Handoff) queueErr(err error) error {
	if strings.Contains(err.Error(), "NOGROUP") {
		h.group.Store(false) // the stream was deleted: create it again next time
	}
	return fmt.Errorf("redis: handoff queue: %w", err)
}

func appendQueued(out []bot.Queued, msgs []goredis.XMessage) []bot.Queued {
	for _, m := range msgs {
		v, _ := m.Values["n"].(string)
		n, err := strconv.Atoi(v)
		if err != nil {
			n = 0 // acknowledged and skipped by the Desk
		}
		out = append(out, bot.Queued{ID: m.ID, Number: n})
	}
	return out
}

// Ack implements bot.TicketStore; the entry is also deleted from the
// stream, which then holds only tickets still to post.
func (h *Handoff) Ack(ctx context.Context, q bot.Queued) error {
	_, err := h.c.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.XAck(ctx, keyHandoffQueue, handoffGroup, q.ID)
		p.XDel(ctx, keyHandoffQueue, q.ID)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redis: handoff queue ack: %w", err)
	}
	return nil
}
