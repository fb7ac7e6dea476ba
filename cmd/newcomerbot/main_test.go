package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/redis/redistest"
)

// env returns a getenv over the given pairs only.
func env(pairs ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) string { return m[k] }
}

func runCmd(t *testing.T, getenv func(string) string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestAskJSONReadsOneMessagePerLine(t *testing.T) {
	stdin := "how do I get a SIN number\n\nwhat's the weather in toronto\ni want to kill myself\nhello\nhealth card in calgary\n"
	out, stderr, err := runCmd(t, env(), stdin, "ask", "--json")
	if err != nil {
		t.Fatalf("ask --json: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "nothing is persisted") {
		t.Errorf("embedded Redis is not announced on stderr: %q", stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d JSON lines for 6 input lines:\n%s", len(lines), out)
	}
	var got []askResult
	for _, l := range lines {
		var r askResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, r)
	}
	want := []struct{ kind, topic, region string }{
		{"answer", "sin", ""},
		{"smalltalk", "", ""}, // empty line: a kind request for text
		{"fallback", "", "ON"},
		{"crisis", "", ""},
		{"smalltalk", "", ""},
		{"answer", "health-card", "AB"},
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Topic != w.topic || got[i].Region != w.region {
			t.Errorf("line %d: got kind=%s topic=%s region=%s, want %s %s %s", i+1, got[i].Kind, got[i].Topic, got[i].Region, w.kind, w.topic, w.region)
		}
		if got[i].Confidence < 0 || got[i].Confidence > 1 || got[i].Lang == "" || got[i].Choices == nil || got[i].Referrals == nil {
			t.Errorf("line %d: malformed contract fields: %+v", i+1, got[i])
		}
	}
	if !strings.HasPrefix(got[3].Text, "If you or someone else is in danger right now, call 911") {
		t.Errorf("crisis text does not start with the emergency information: %q", got[3].Text)
	}
	if len(got[5].Referrals) == 0 || !strings.Contains(got[5].Text, "AHCIP") {
		t.Errorf("health card in calgary: want the AB override with referrals, got %+v", got[5])
	}
}

func TestAskSharesAConversationPerUser(t *testing.T) {
	out, _, err := runCmd(t, env(), "I live in Edmonton\nhow do i get a health card\n", "ask", "--json", "--user", "amal")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var second askResult
	json.Unmarshal([]byte(lines[1]), &second)
	if second.Region != "AB" {
		t.Fatalf("second line of one --user conversation: region %q, want AB from the first", second.Region)
	}
}

func TestAskFlags(t *testing.T) {
	out, _, err := runCmd(t, env(), "", "ask", "--json", "--lang", "fr", "--region", "ON", "comment avoir une carte santé")
	if err != nil {
		t.Fatal(err)
	}
	var r askResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Kind != "answer" || r.Topic != "health-card" || r.Lang != "fr" || r.Region != "ON" || !strings.Contains(r.Text, "OHIP") {
		t.Fatalf("got %+v", r)
	}
	if _, stderr, err := runCmd(t, env(), "", "ask", "--region", "Narnia", "sin"); err == nil || !strings.Contains(stderr, "Narnia") {
		t.Fatalf("bad --region: err %v, stderr %q", err, stderr)
	}
}

func TestKBValidate(t *testing.T) {
	out, _, err := runCmd(t, env(), "", "kb", "validate")
	if err != nil || !strings.Contains(out, "ok, 40 topics") {
		t.Fatalf("bundled knowledge: %v %q", err, out)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "topics"), 0o755)
	os.WriteFile(filepath.Join(dir, "topics", "sin.yaml"), []byte("id: sin\ntitle:\n  en: SIN\n  fr: [broken\n"), 0o644)
	out, stderr, err := runCmd(t, env(), "", "kb", "validate", dir)
	if err == nil {
		t.Fatal("broken YAML: want exit 1")
	}
	if !strings.Contains(out, filepath.Join(dir, "topics", "sin.yaml")+":") || strings.Contains(stderr+out, "goroutine") {
		t.Fatalf("want file:line without a stack trace, got %q / %q", out, stderr)
	}
}

func TestUnreachableRedisIsAClearError(t *testing.T) {
	_, stderr, err := runCmd(t, env("REDIS_URL", "redis://127.0.0.1:1"), "", "ask", "sin")
	if err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Fatalf("got %v (stderr %q), want a clear 'cannot reach' error", err, stderr)
	}
}

func TestBadEnvironment(t *testing.T) {
	for _, e := range [][]string{{"RETENTION", "forever"}, {"LOG_LEVEL", "loud"}} {
		if _, stderr, err := runCmd(t, env(e...), "", "ask", "sin"); err == nil || !strings.Contains(stderr, e[0]) {
			t.Errorf("%s=%s: err %v, stderr %q", e[0], e[1], err, stderr)
		}
	}
}

func TestKBImportExportWithRealRedis(t *testing.T) {
	srv := redistest.Start(t)
	getenv := env("REDIS_URL", srv.URL)
	out, stderr, err := runCmd(t, getenv, "", "kb", "import")
	if err != nil || !strings.Contains(out, "is live") {
		t.Fatalf("kb import: %v %q %q", err, out, stderr)
	}
	out, _, err = runCmd(t, getenv, "", "kb", "export", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Version string `json:"version"`
		Topics  []struct {
			ID        string              `json:"id"`
			Title     map[string]string   `json:"title"`
			Questions map[string][]string `json:"questions"`
			Answer    map[string]string   `json:"answer"`
		} `json:"topics"`
		Services []json.RawMessage `json:"services"`
	}
	if err := json.Unmarshal([]byte(out), &exp); err != nil {
		t.Fatal(err)
	}
	if exp.Version == "" || len(exp.Topics) != 40 || len(exp.Services) == 0 || exp.Topics[0].Answer["en"] == "" || len(exp.Topics[0].Questions["fr"]) == 0 {
		t.Fatalf("export: version %q, %d topics, %d services", exp.Version, len(exp.Topics), len(exp.Services))
	}
	// The bot uses what is in Redis, and a question is answered from it.
	out, _, err = runCmd(t, getenv, "", "ask", "--json", "how do I get a SIN number")
	if err != nil || !strings.Contains(out, `"topic":"sin"`) {
		t.Fatalf("ask against real Redis: %v %q", err, out)
	}
	// A broken directory is not imported.
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "topics"), 0o755)
	os.WriteFile(filepath.Join(dir, "topics", "x.yaml"), []byte("id: x\n"), 0o644)
	if _, _, err := runCmd(t, getenv, "", "kb", "import", dir); err == nil {
		t.Fatal("import of a broken directory succeeded")
	}
	out, _, _ = runCmd(t, getenv, "", "kb", "export", "--json")
	if !strings.Contains(out, exp.Version) {
		t.Fatal("a failed import changed the live version")
	}
}

func TestConsoleChat(t *testing.T) {
	out, _, err := runCmd(t, env(), "hello\nhow do i get a sin\n#1\n", "run", "--console")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Social Insurance Number") || !strings.Contains(out, "[#1]") {
		t.Fatalf("console chat output:\n%s", out)
	}
}

// startupWait bounds how long a test waits for a bot it started to be up:
// the first start in a test process builds the matching index, which under
// the race detector on a busy 2-core machine takes tens of seconds.
const startupWait = 90 * time.Second
