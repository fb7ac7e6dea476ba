// Package discordtest is a fake Discord for tests: the REST routes the
// discord adapter uses and a gateway websocket, on a local
// httptest.Server.
//
// Point the adapter at it with Config.APIBase (DISCORD_API_BASE) = URL:
// /api/v9/gateway and /api/v9/gateway/bot then send the client to the
// gateway at ws://HOST/gw, which plays Discord's side of a connection:
// Hello, then READY after the client's Identify (for the bot BotID of the
// application AppID), then a heartbeat acknowledgement for every
// heartbeat. Dispatch sends the client any event.
//
// REST calls are recorded (Requests, Wait) and answered the way Discord
// does for interaction callbacks, follow-ups (webhooks), channel messages,
// opening a DM (always DMChannel), channel lookups (Thread is a thread in
// StaffChannel, every other channel an ordinary one in GuildID) and the
// bulk overwrite of application commands; other routes get 404. Calls
// carrying a bot token other than Token get 401, and an Identify with
// another token is closed with 4004, as by Discord. Override answers
// chosen calls differently (429, 403 with an error code, ...). It never
// touches the network beyond the loopback address.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The ids the fake uses.
const (
	BotID        = "900" // the bot's user id, in READY
	AppID        = "901" // the application id, in READY
	GuildID      = "500" // the server every channel belongs to
	Channel      = "600" // an ordinary server channel (follow-ups report it)
	StaffChannel = "700" // a channel with a thread (the workers' channel)
	Thread       = "701" // a thread in StaffChannel
	DMChannel    = "800" // the direct-message channel opening any DM returns
)

// Request is one REST call the fake received.
type Request struct {
	Method, Path, Query string
	Auth                string // the Authorization header
	Body                any    // the decoded JSON body, nil when empty
}

// Field digs a value out of decoded JSON, such as a Request's Body:
// Field(body, "data", "flags"). It returns nil when the path is not there.
func Field(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// Server is the fake Discord.
type Server struct {
	// URL is the server's base address, http://127.0.0.1:PORT: the
	// adapter's APIBase.
	URL string
	// Token is the only bot token the server accepts (without "Bot ").
	// Set before use.
	Token string

	srv  *httptest.Server
	once sync.Once

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every new request or Identify
	reqs     []Request
	override func(r Request) (status int, body string, ok bool)
	ids      int
	silent   bool // the gateway accepts connections and says nothing
	errs     []error

	// gateway
	wmu      sync.Mutex // one writer at a time on conn
	conn     *websocket.Conn
	seq      int
	identify map[string]any // the client's Identify (op 2) payload
	beats    int            // heartbeats (op 1) received
	done     chan struct{}
}

// NewServer starts a fake Discord accepting the token "test-token". Close
// it when done.
func NewServer() *Server {
	s := &Server{Token: "test-token", changed: make(chan struct{}), done: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close closes the gateway connection and shuts the server down, waiting
// for requests in flight. It may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		s.wmu.Lock()
		close(s.done)
		if s.conn != nil {
			s.conn.Close()
		}
		s.wmu.Unlock()
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// Override makes f answer every REST call first: when it returns ok, its
// status and JSON body are the answer (the call is recorded either way).
// nil removes it.
func (s *Server) Override(f func(r Request) (status int, body string, ok bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.override = f
}

// Silence makes the gateway accept new connections and then say nothing
// (no Hello), as a gateway that hangs.
func (s *Server) Silence() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent = true
}

// Errors returns the protocol mistakes the fake saw from its client: a
// request body that is not JSON, a gateway URL without ?v=..&encoding=json,
// an unreadable gateway payload. Tests should check it is empty.
func (s *Server) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errs...)
}

func (s *Server) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Errorf(format, args...))
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Requests returns the REST calls so far, in order, leaving out the
// gateway lookups.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestsLocked()
}

func (s *Server) requestsLocked() []Request {
	var out []Request
	for _, r := range s.reqs {
		if !strings.HasPrefix(r.Path, "/api/v9/gateway") {
			out = append(out, r)
		}
	}
	return out
}

// Wait blocks until cond holds for the REST calls so far (as Requests
// returns them) or timeout passes, and reports whether cond held. cond is
// checked on every new call and every Identify, not on a timer; it may
// call the Server's methods.
func (s *Server) Wait(timeout time.Duration, cond func(reqs []Request) bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		reqs, ch := s.requestsLocked(), s.changed
		s.mu.Unlock()
		if cond(reqs) {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}

// Identify returns the client's last Identify payload (the d of op 2), or
// nil before there was one. Once it is set, READY has been sent.
func (s *Server) Identify() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identify
}

// Heartbeats returns how many heartbeats the gateway received.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.beats
}

// authorized tells whether a call may go on: the bot token when there is
// an Authorization header or the route needs one. The gateway address,
// interaction callbacks and webhooks with a token need none.
func (s *Server) authorized(r *http.Request, parts []string) bool {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		open := r.URL.Path == "/api/v9/gateway" ||
			parts[0] == "interactions" ||
			(parts[0] == "webhooks" && len(parts) >= 3)
		return open
	}
	return auth == "Bot "+s.Token
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gw/" || r.URL.Path == "/gw" {
		s.gateway(w, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization")}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &req.Body); err != nil {
			s.fail("%s %s: body is not JSON: %v", r.Method, r.URL.Path, err)
		}
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.ids++
	id := s.ids
	override := s.override
	s.changedLocked()
	s.mu.Unlock()

	if override != nil {
		if status, body, ok := override(req); ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
	}
	reply := func(body string) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v9/"), "/")
	if !s.authorized(r, parts) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code":0,"message":"401: Unauthorized"}`)
		return
	}
	switch {
	case r.Method == "GET" && (r.URL.Path == "/api/v9/gateway" || r.URL.Path == "/api/v9/gateway/bot"):
		reply(fmt.Sprintf(`{"url":"ws://%s/gw","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":0,"max_concurrency":1}}`, s.srv.Listener.Addr()))
	case r.Method == "POST" && parts[0] == "interactions" && len(parts) == 4 && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "POST" && parts[0] == "webhooks":
		reply(fmt.Sprintf(`{"id":"f%d","channel_id":%q,"content":"","type":0}`, id, Channel))
	case (r.Method == "PATCH" || r.Method == "DELETE") && parts[0] == "webhooks":
		if r.Method == "DELETE" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		reply(fmt.Sprintf(`{"id":"o1","channel_id":%q}`, Channel))
	case r.Method == "POST" && parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages":
		reply(fmt.Sprintf(`{"id":"m%d","channel_id":%q,"content":"","type":0}`, id, parts[1]))
	case r.Method == "POST" && r.URL.Path == "/api/v9/users/@me/channels":
		reply(fmt.Sprintf(`{"id":%q,"type":1}`, DMChannel))
	case r.Method == "GET" && parts[0] == "channels" && len(parts) == 2:
		if parts[1] == Thread {
			reply(fmt.Sprintf(`{"id":%q,"type":11,"parent_id":%q,"guild_id":%q}`, Thread, StaffChannel, GuildID))
			return
		}
		reply(fmt.Sprintf(`{"id":%q,"type":0,"guild_id":%q}`, parts[1], GuildID))
	case r.Method == "PUT" && parts[0] == "applications":
		reply(`[]`)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"code":0,"message":"404: Not Found"}`)
	}
}

// gateway plays Discord's side of the connection: Hello, wait for
// Identify, READY; then it acknowledges heartbeats until the client goes.
func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("v"); v == "" || r.URL.Query().Get("encoding") != "json" {
		s.fail("gateway URL %q: want ?v=..&encoding=json", r.URL)
	}
	up := websocket.Upgrader{}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.fail("gateway upgrade: %v", err)
		return
	}
	defer conn.Close()
	s.wmu.Lock()
	select {
	case <-s.done:
		s.wmu.Unlock()
		return
	default:
	}
	s.conn = conn
	s.wmu.Unlock()
	s.mu.Lock()
	silent := s.silent
	s.mu.Unlock()
	if silent {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}
	s.write(`{"op":10,"d":{"heartbeat_interval":41250}}`)
	for {
		_, raw, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var p struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			// Heartbeats carry a number as d.
			var hb struct{ Op int }
			if json.Unmarshal(raw, &hb) == nil && hb.Op == 1 {
				p.Op = 1
			} else {
				s.fail("gateway: unreadable payload: %v", err)
				return
			}
		}
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.beats++
			s.mu.Unlock()
			s.write(`{"op":11}`)
		case 2:
			if p.D["token"] != "Bot "+s.Token {
				s.wmu.Lock()
				_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				s.wmu.Unlock()
				return
			}
			s.Dispatch("READY", fmt.Sprintf(`{"v":9,"session_id":"sess-1","user":{"id":%q,"username":"newcomerbot","bot":true},"application":{"id":%q},"guilds":[],"private_channels":[]}`, BotID, AppID))
			s.mu.Lock()
			s.identify = p.D
			s.changedLocked()
			s.mu.Unlock()
		}
	}
}

func (s *Server) write(payload string) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.conn == nil {
		return
	}
	// An error means the client has gone; its side of the test says so.
	_ = s.conn.WriteMessage(websocket.TextMessage, []byte(payload))
}

// Dispatch sends the connected client an event (op 0) with the next
// sequence number: event is its name (t), data its JSON payload (d). It
// does nothing before a client has connected: wait for Identify first.
func (s *Server) Dispatch(event, data string) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.conn == nil {
		return
	}
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	_ = s.conn.WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf(`{"op":0,"s":%d,"t":%q,"d":%s}`, n, event, data)))
}
