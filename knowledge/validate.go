package knowledge

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks a base: required languages, unique ids, known related
// topics and referral topics, non-empty answers that fit one message, https
// sources, dates, region codes. It returns every problem found.
func Validate(b *Base) Problems { return validate(b, nil) }

// Stale returns a problem for every topic reviewed, or service assured,
// longer than maxAge before now.
func Stale(b *Base, now time.Time, maxAge time.Duration) Problems {
	var probs Problems
	check := func(file, id, field, date string) {
		d, err := time.Parse(DateLayout, date)
		if err != nil {
			return // reported by Validate
		}
		if age := now.Sub(d); age > maxAge {
			probs = append(probs, Problem{File: fileOr(file, id), Field: field,
				Msg: fmt.Sprintf("%s is %d days old (limit %d days)", date, int(age.Hours()/24), int(maxAge.Hours()/24))})
		}
	}
	for i := range b.Topics {
		t := &b.Topics[i]
		check(t.file, "topic "+t.ID, "reviewed", t.Reviewed)
	}
	for i := range b.Services {
		s := &b.Services[i]
		check(s.file, "service "+s.ID, "assured_date", s.AssuredDate)
	}
	return probs
}

func fileOr(file, what string) string {
	if file != "" {
		return file
	}
	return what
}

type checker struct {
	probs Problems
	file  string
	root  *yaml.Node
}

func (c *checker) add(field, format string, args ...any) {
	c.probs = append(c.probs, Problem{File: c.file, Line: lineOf(c.root, field), Field: field, Msg: fmt.Sprintf(format, args...)})
}

// lineOf finds the line of a dotted field path in a YAML tree; the deepest
// existing ancestor's line when the field is missing.
func lineOf(root *yaml.Node, field string) int {
	if root == nil {
		return 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, part := range strings.Split(field, ".") {
		if n.Kind != yaml.MappingNode {
			break
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			break
		}
	}
	return line
}

func validate(b *Base, nodes map[string]*yaml.Node) Problems {
	var all Problems
	ids := map[string]string{}
	for i := range b.Topics {
		t := &b.Topics[i]
		if prev, dup := ids[t.ID]; dup && t.ID != "" {
			all = append(all, Problem{File: t.file, Line: lineOf(nodes[t.file], "id"), Field: "id", Msg: fmt.Sprintf("duplicate topic id %q (also in %s)", t.ID, prev)})
		}
		ids[t.ID] = fileOr(t.file, "topic "+t.ID)
	}
	for i := range b.Topics {
		t := &b.Topics[i]
		c := &checker{file: fileOr(t.file, "topic "+t.ID), root: nodes[t.file]}
		c.topic(t, ids)
		all = append(all, c.probs...)
	}
	sids := map[string]bool{}
	for i := range b.Services {
		s := &b.Services[i]
		c := &checker{file: fileOr(s.file, "service "+s.ID), root: nodes[s.file]}
		if sids[s.ID] {
			c.add("id", "duplicate service id %q", s.ID)
		}
		sids[s.ID] = true
		c.service(s, ids)
		all = append(all, c.probs...)
	}
	return all
}

func (c *checker) topic(t *Topic, ids map[string]string) {
	if !idPattern.MatchString(t.ID) {
		c.add("id", "missing or malformed id %q (lowercase letters, digits, hyphens)", t.ID)
	} else if t.file != "" && !strings.HasSuffix(t.file, "/"+t.ID+".yaml") {
		c.add("id", "id %q does not match the file name", t.ID)
	}
	for _, lang := range RequiredLanguages {
		if strings.TrimSpace(t.Title[lang]) == "" {
			c.add("title."+lang, "missing title in %s", lang)
		}
		if strings.TrimSpace(t.Answer[lang]) == "" {
			c.add("answer."+lang, "missing or empty answer in %s", lang)
		}
		if len(t.Questions[lang]) == 0 {
			c.add("questions."+lang, "no question variants in %s", lang)
		}
	}
	c.texts("title", t.Title, 200)
	c.texts("answer", t.Answer, MaxAnswerLen)
	for lang, qs := range t.Questions {
		c.lang("questions."+lang, lang)
		for i, q := range qs {
			if strings.TrimSpace(q) == "" {
				c.add(fmt.Sprintf("questions.%s", lang), "question %d is empty", i+1)
			}
		}
	}
	for lang := range t.Keywords {
		c.lang("keywords."+lang, lang)
	}
	for lang, status := range t.Translation {
		c.lang("translation."+lang, lang)
		if status != "unreviewed" && status != "reviewed" {
			c.add("translation."+lang, "must be unreviewed or reviewed, not %q", status)
		}
		if _, ok := t.Answer[lang]; !ok {
			c.add("translation."+lang, "marks a translation that has no answer")
		}
	}
	for code, o := range t.Regions {
		if !slices.Contains(Regions, code) {
			c.add("regions."+code, "unknown region code %q (want one of %s)", code, strings.Join(Regions, " "))
		}
		for _, lang := range RequiredLanguages {
			if strings.TrimSpace(o.Answer[lang]) == "" {
				c.add("regions."+code+".answer."+lang, "missing or empty answer in %s", lang)
			}
		}
		c.texts("regions."+code+".answer", o.Answer, MaxAnswerLen)
		c.urls("regions."+code+".sources", o.Sources, false)
	}
	for _, r := range t.Related {
		if _, ok := ids[r]; !ok {
			c.add("related", "unknown related topic %q", r)
		}
		if r == t.ID {
			c.add("related", "topic is related to itself")
		}
	}
	c.urls("sources", t.Sources, true)
	c.date("reviewed", t.Reviewed)
}

func (c *checker) service(s *Service, ids map[string]string) {
	if !idPattern.MatchString(s.ID) {
		c.add("id", "missing or malformed id %q (lowercase letters, digits, hyphens)", s.ID)
	}
	if strings.TrimSpace(s.Organization) == "" {
		c.add("organization", "missing organization name")
	}
	if s.Region != "CA" && !slices.Contains(Regions, s.Region) {
		c.add("region", "unknown region code %q (want CA or one of %s)", s.Region, strings.Join(Regions, " "))
	}
	if len(s.Topics) == 0 {
		c.add("topics", "serves no topic")
	}
	for _, t := range s.Topics {
		if _, ok := ids[t]; !ok {
			c.add("topics", "unknown topic %q", t)
		}
	}
	if s.URL != "" {
		c.urls("url", []string{s.URL}, false)
	}
	if s.URL == "" && s.Phone == "" {
		c.add("url", "neither url nor phone: a newcomer could not reach it")
	}
	for _, l := range s.Languages {
		if len(l) != 2 {
			c.add("languages", "%q is not an ISO 639-1 code", l)
		}
	}
	c.texts("description", s.Description, 1000)
	c.urls("sources", s.Sources, true)
	c.date("assured_date", s.AssuredDate)
}

func (c *checker) lang(field, lang string) {
	if !slices.Contains(Languages, lang) {
		c.add(field, "unknown language %q (want one of %s)", lang, strings.Join(Languages, " "))
	}
}

func (c *checker) texts(field string, t Text, max int) {
	for lang, s := range t {
		c.lang(field+"."+lang, lang)
		if !utf8.ValidString(s) {
			c.add(field+"."+lang, "not valid UTF-8")
		}
		if n := utf8.RuneCountInString(s); n > max {
			c.add(field+"."+lang, "%d characters, longer than %d (one chat message)", n, max)
		}
	}
}

func (c *checker) urls(field string, us []string, required bool) {
	if required && len(us) == 0 {
		c.add(field, "no sources: every fact needs an official https page")
	}
	for _, u := range us {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" {
			c.add(field, "%q is not an https URL", u)
		}
	}
}

func (c *checker) date(field, s string) {
	if _, err := time.Parse(DateLayout, s); err != nil {
		c.add(field, "%q is not a date (YYYY-MM-DD)", s)
	}
}
