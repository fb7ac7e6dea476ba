package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHealthAndMetrics(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stdin, w := io.Pipe()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"run", "--console"}, env("LISTEN_ADDR", addr), stdin, &out, &errb)
	}()
	get := func(path string) (int, string) {
		deadline := time.Now().Add(startupWait)
		for {
			resp, err := http.Get("http://" + addr + path)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				return resp.StatusCode, string(body)
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", path, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Fatalf("/healthz: %d", code)
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Fatalf("/readyz: %d", code)
	}
	io.WriteString(w, "how do i get a sin number\n")
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body := get("/metrics")
		if strings.Contains(body, `newcomerbot_replies_total{kind="answer"} 1`) && strings.Contains(body, "newcomerbot_knowledge_topics 40") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics never counted the answer:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	w.Close() // end of input ends the console and the run
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v\n%s", err, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after its input ended")
	}
}
