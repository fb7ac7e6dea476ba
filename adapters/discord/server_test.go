package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// request is one REST call the fake Discord received.
type request struct {
	method, path, query, auth string
	body                      any // decoded JSON, nil when empty
}

// fakeDiscord is a local stand-in for discord.com: the REST routes the
// adapter uses, /api/v9/gateway(/bot), and a gateway websocket at /gw.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	reqs     []request
	override func(r request) (status int, body string, ok bool) // answers a request first when ok
	ids      int
	noHello  bool // the gateway accepts the connection and says nothing

	// gateway
	wmu      sync.Mutex // one writer at a time on conn
	conn     *websocket.Conn
	seq      int
	identify map[string]any // the client's Identify (op 2) payload
	beats    int            // heartbeats (op 1) received
	done     chan struct{}
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	t.Helper()
	fd := &fakeDiscord{t: t, done: make(chan struct{})}
	fd.srv = httptest.NewServer(http.HandlerFunc(fd.serve))
	t.Cleanup(func() {
		close(fd.done)
		fd.wmu.Lock()
		if fd.conn != nil {
			fd.conn.Close()
		}
		fd.wmu.Unlock()
		fd.srv.Close()
	})
	return fd
}

func (fd *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gw/" || r.URL.Path == "/gw" {
		fd.gateway(w, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	req := request{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, auth: r.Header.Get("Authorization")}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &req.body); err != nil {
			fd.t.Errorf("%s %s: body is not JSON: %v", r.Method, r.URL.Path, err)
		}
	}
	fd.mu.Lock()
	fd.reqs = append(fd.reqs, req)
	fd.ids++
	id := fd.ids
	override := fd.override
	fd.mu.Unlock()

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
	switch {
	case r.Method == "GET" && (r.URL.Path == "/api/v9/gateway" || r.URL.Path == "/api/v9/gateway/bot"):
		reply(fmt.Sprintf(`{"url":"ws://%s/gw","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":0,"max_concurrency":1}}`, fd.srv.Listener.Addr()))
	case r.Method == "POST" && parts[0] == "interactions" && len(parts) == 4 && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "POST" && parts[0] == "webhooks":
		reply(fmt.Sprintf(`{"id":"f%d","channel_id":"600","content":"","type":0}`, id))
	case (r.Method == "PATCH" || r.Method == "DELETE") && parts[0] == "webhooks":
		if r.Method == "DELETE" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		reply(`{"id":"o1","channel_id":"600"}`)
	case r.Method == "POST" && parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages":
		reply(fmt.Sprintf(`{"id":"m%d","channel_id":%q,"content":"","type":0}`, id, parts[1]))
	case r.Method == "POST" && r.URL.Path == "/api/v9/users/@me/channels":
		reply(`{"id":"800","type":1}`)
	case r.Method == "GET" && parts[0] == "channels" && len(parts) == 2:
		if parts[1] == thread {
			reply(fmt.Sprintf(`{"id":%q,"type":11,"parent_id":%q,"guild_id":%q}`, thread, staffCh, guildID))
			return
		}
		reply(fmt.Sprintf(`{"id":%q,"type":0,"guild_id":%q}`, parts[1], guildID))
	case r.Method == "PUT" && parts[0] == "applications":
		reply(`[]`)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"code":0,"message":"404: Not Found"}`)
	}
}

// Requests returns the REST calls so far, leaving out the gateway lookups.
func (fd *fakeDiscord) Requests() []request {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	var out []request
	for _, r := range fd.reqs {
		if !strings.HasPrefix(r.path, "/api/v9/gateway") {
			out = append(out, r)
		}
	}
	return out
}

// gateway plays Discord's side of the connection: Hello, wait for
// Identify, READY; then it acknowledges heartbeats until the client goes.
func (fd *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("v"); v == "" || r.URL.Query().Get("encoding") != "json" {
		fd.t.Errorf("gateway URL %q: want ?v=..&encoding=json", r.URL)
	}
	up := websocket.Upgrader{}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		fd.t.Errorf("upgrade: %v", err)
		return
	}
	defer conn.Close()
	fd.wmu.Lock()
	select {
	case <-fd.done:
		fd.wmu.Unlock()
		return
	default:
	}
	fd.conn = conn
	fd.wmu.Unlock()
	fd.mu.Lock()
	silent := fd.noHello
	fd.mu.Unlock()
	if silent {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}
	fd.write(`{"op":10,"d":{"heartbeat_interval":41250}}`)
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
				fd.t.Errorf("gateway: unreadable payload: %v", err)
				return
			}
		}
		switch p.Op {
		case 1:
			fd.mu.Lock()
			fd.beats++
			fd.mu.Unlock()
			fd.write(`{"op":11}`)
		case 2:
			fd.mu.Lock()
			fd.identify = p.D
			fd.mu.Unlock()
			fd.dispatch("READY", fmt.Sprintf(`{"v":9,"session_id":"sess-1","user":{"id":%q,"username":"newcomerbot","bot":true},"application":{"id":%q},"guilds":[],"private_channels":[]}`, botID, appID))
		}
	}
}

func (fd *fakeDiscord) write(payload string) {
	fd.wmu.Lock()
	defer fd.wmu.Unlock()
	if fd.conn == nil {
		return
	}
	// An error means the client has gone; its side of the test says so.
	_ = fd.conn.WriteMessage(websocket.TextMessage, []byte(payload))
}

// dispatch sends an event (op 0) with the next sequence number.
func (fd *fakeDiscord) dispatch(event, data string) {
	fd.mu.Lock()
	fd.seq++
	s := fd.seq
	fd.mu.Unlock()
	fd.write(fmt.Sprintf(`{"op":0,"s":%d,"t":%q,"d":%s}`, s, event, data))
}

func (fd *fakeDiscord) Identify() map[string]any {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	return fd.identify
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

// field digs a value out of decoded JSON: field(v, "data", "flags").
func field(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
