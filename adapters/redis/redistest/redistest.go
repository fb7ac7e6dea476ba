// Package redistest starts a real redis-server for integration tests.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Server is a redis-server process owned by one test.
type Server struct {
	URL  string
	Addr string
	cmd  *exec.Cmd
}

// Start runs redis-server on a free loopback port and stops it when the
// test ends. Without redis-server on PATH the test is skipped, unless
// NEWCOMERBOT_REQUIRE_REDIS=1, when it fails: CI must run these tests.
func Start(t testing.TB) *Server {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("NEWCOMERBOT_REQUIRE_REDIS") == "1" {
			t.Fatalf("redis-server is required (NEWCOMERBOT_REQUIRE_REDIS=1) but not on PATH")
		}
		t.Skip("redis-server not installed: skipping the real-Redis integration test (set NEWCOMERBOT_REQUIRE_REDIS=1 to fail instead)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port)}
	s.URL = "redis://" + s.Addr
	s.cmd = exec.Command(path, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		signalled := false
		for sc.Scan() {
			if !signalled && strings.Contains(sc.Text(), "Ready to accept connections") {
				close(ready)
				signalled = true
			}
		}
	}()
	t.Cleanup(s.Stop)
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatalf("redis-server on %s did not become ready in 10s", s.Addr)
	}
	return s
}

// Stop kills the server; safe to call twice.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}
