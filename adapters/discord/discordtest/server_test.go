package discordtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func get(t *testing.T, s *Server, path, auth string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestToken(t *testing.T) {
	s := NewServer()
	defer s.Close()
	for _, tt := range []struct {
		path, auth string
		want       int
	}{
		{"/api/v9/gateway", "", 200},
		{"/api/v9/gateway/bot", "", 401},
		{"/api/v9/gateway/bot", "Bot wrong", 401},
		{"/api/v9/gateway/bot", "Bot " + s.Token, 200},
		{"/api/v9/channels/" + Thread, "Bot " + s.Token, 200},
		{"/api/v9/nowhere", "Bot " + s.Token, 404},
	} {
		if got := get(t, s, tt.path, tt.auth); got != tt.want {
			t.Errorf("GET %s with %q: %d, want %d", tt.path, tt.auth, got, tt.want)
		}
	}
	s.Override(func(r Request) (int, string, bool) { return 429, `{"retry_after":1}`, r.Path == "/api/v9/nowhere" })
	if got := get(t, s, "/api/v9/nowhere", ""); got != 429 {
		t.Errorf("override: %d", got)
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("%d requests recorded, want 3 (gateway lookups left out)", n)
	}
}

// dial connects to the gateway and reads Hello.
func dial(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/gw?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var hello struct{ Op int }
	if err := conn.ReadJSON(&hello); err != nil || hello.Op != 10 {
		t.Fatalf("hello: %+v %v", hello, err)
	}
	return conn
}

func TestGateway(t *testing.T) {
	s := NewServer()
	defer s.Close()

	bad := dial(t, s)
	bad.WriteJSON(map[string]any{"op": 2, "d": map[string]any{"token": "Bot wrong"}})
	_, _, err := bad.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Errorf("identify with a wrong token: %v, want close 4004", err)
	}
	bad.Close()
	if s.Identify() != nil {
		t.Error("a rejected Identify was kept")
	}

	conn := dial(t, s)
	defer conn.Close()
	identified := make(chan bool, 1)
	go func() { identified <- s.Wait(5*time.Second, func([]Request) bool { return s.Identify() != nil }) }()
	conn.WriteJSON(map[string]any{"op": 2, "d": map[string]any{"token": "Bot " + s.Token}})
	var ready struct {
		Op int
		S  int
		T  string
		D  json.RawMessage
	}
	if err := conn.ReadJSON(&ready); err != nil || ready.T != "READY" || ready.S != 1 || !strings.Contains(string(ready.D), `"id":"`+AppID+`"`) {
		t.Fatalf("READY: %+v %v", ready, err)
	}
	if !<-identified {
		t.Fatal("Wait did not see the Identify")
	}
	conn.WriteMessage(websocket.TextMessage, []byte(`{"op":1,"d":1}`))
	var ack struct{ Op int }
	if err := conn.ReadJSON(&ack); err != nil || ack.Op != 11 {
		t.Fatalf("heartbeat ack: %+v %v", ack, err)
	}
	s.Dispatch("MESSAGE_CREATE", `{"id":"1"}`)
	var ev struct {
		S int
		T string
	}
	if err := conn.ReadJSON(&ev); err != nil || ev.T != "MESSAGE_CREATE" || ev.S != 2 {
		t.Fatalf("dispatch: %+v %v", ev, err)
	}
	if s.Heartbeats() != 1 || len(s.Errors()) != 0 {
		t.Errorf("heartbeats %d, errors %v", s.Heartbeats(), s.Errors())
	}
}
