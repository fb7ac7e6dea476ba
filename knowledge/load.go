package knowledge

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed data
var bundled embed.FS

// Bundled returns the knowledge base shipped inside the binary.
func Bundled() (*Base, error) {
	sub, err := fs.Sub(bundled, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// Problem is one thing wrong in a knowledge directory.
type Problem struct {
	File  string // path relative to the directory, e.g. topics/sin.yaml
	Line  int    // 1-based; 0 when unknown
	Field string // e.g. answer.fr
	Msg   string
}

func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, p.Field, p.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, p.Msg)
}

// Problems is the error Load returns for an invalid directory.
type Problems []Problem

func (ps Problems) Error() string {
	if len(ps) == 1 {
		return "knowledge: " + ps[0].String()
	}
	return fmt.Sprintf("knowledge: %d problems, first: %s", len(ps), ps[0])
}

// Load decodes and validates every topic and service in fsys (a directory
// holding topics/ and services/). It returns Problems when anything is
// wrong, listing all of them.
func Load(fsys fs.FS) (*Base, error) {
	b, nodes, probs := decode(fsys)
	probs = append(probs, validate(b, nodes)...)
	if len(probs) > 0 {
		return nil, probs
	}
	return b, nil
}

func decode(fsys fs.FS) (*Base, map[string]*yaml.Node, Problems) {
	var probs Problems
	b := &Base{}
	h := sha256.New()
	nodes := map[string]*yaml.Node{}
	for _, dir := range []string{"topics", "services"} {
		files, err := fs.Glob(fsys, dir+"/*.yaml")
		if err != nil || len(files) == 0 {
			if dir == "topics" {
				probs = append(probs, Problem{File: dir, Msg: "no *.yaml files"})
			}
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			data, err := fs.ReadFile(fsys, f)
			if err != nil {
				probs = append(probs, Problem{File: f, Msg: err.Error()})
				continue
			}
			h.Write([]byte(f))
			h.Write(data)
			var root yaml.Node
			if err := yaml.Unmarshal(data, &root); err != nil {
				probs = append(probs, yamlProblem(f, err))
				continue
			}
			dec := yaml.NewDecoder(bytes.NewReader(data))
			dec.KnownFields(true)
			switch dir {
			case "topics":
				var t Topic
				if err := dec.Decode(&t); err != nil {
					probs = append(probs, yamlProblem(f, err))
					continue
				}
				t.file = f
				nodes[f] = &root
				b.Topics = append(b.Topics, t)
			case "services":
				var s Service
				if err := dec.Decode(&s); err != nil {
					probs = append(probs, yamlProblem(f, err))
					continue
				}
				s.file = f
				nodes[f] = &root
				b.Services = append(b.Services, s)
			}
		}
	}
	b.Version = hex.EncodeToString(h.Sum(nil))[:12]
	return b, nodes, probs
}

func yamlProblem(file string, err error) Problem {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = strings.Join(te.Errors, "; ")
	}
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
		if i == 0 {
			if _, rest, ok := strings.Cut(msg, ": "); ok {
				msg = rest
			}
		}
	}
	return Problem{File: file, Line: line, Msg: msg}
}

// JSON returns the base as indented JSON in the contract of
// `kb export --json`.
func (b *Base) JSON() ([]byte, error) { return json.MarshalIndent(b, "", "  ") }

// YAML returns the base as one YAML document.
func (b *Base) YAML() ([]byte, error) { return yaml.Marshal(b) }

// File is the file the topic was decoded from ("" when built in code).
func (t *Topic) File() string { return t.file }

// File is the file the service was decoded from ("" when built in code).
func (s *Service) File() string { return s.file }
