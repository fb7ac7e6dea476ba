package knowledge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrNotFound is returned when a topic, service or knowledge version does not exist.
var ErrNotFound = errors.New("knowledge: not found")

// Languages the product answers in. English and French are required for
// every topic; the others are optional translations.
var Languages = []string{"en", "fr", "ar", "es", "uk", "zh", "pa", "tl", "fa"}

// RequiredLanguages must be present in every title, answer and question list.
var RequiredLanguages = []string{"en", "fr"}

// Regions are the province and territory codes a region override may use.
// CA marks a national service.
var Regions = []string{"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}

// MaxAnswerLen is the longest answer, in characters, that still fits one
// Telegram message (4,096) with the bot's own footer lines.
const MaxAnswerLen = 3500

// DateLayout is the layout of reviewed and assured_date fields.
const DateLayout = "2006-01-02"

// Text is a piece of text per language code.
type Text map[string]string

// In returns the text in lang, falling back to English, then French.
// ok is false when lang itself is missing.
func (t Text) In(lang string) (s string, ok bool) {
	if s, ok := t[lang]; ok && strings.TrimSpace(s) != "" {
		return s, true
	}
	if s := t["en"]; s != "" {
		return s, false
	}
	return t["fr"], false
}

// Override replaces a topic's answer in one province.
type Override struct {
	Answer  Text     `yaml:"answer" json:"answer"`
	Sources []string `yaml:"sources,omitempty" json:"sources,omitempty"`
}

// Topic is one curated question area with its answer.
type Topic struct {
	ID          string              `yaml:"id" json:"id"`
	Title       Text                `yaml:"title" json:"title"`
	Keywords    map[string][]string `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	Questions   map[string][]string `yaml:"questions" json:"questions"`
	Answer      Text                `yaml:"answer" json:"answer"`
	Translation map[string]string   `yaml:"translation,omitempty" json:"translation,omitempty"`
	Regional    bool                `yaml:"regional,omitempty" json:"regional,omitempty"`
	Sensitive   bool                `yaml:"sensitive,omitempty" json:"sensitive,omitempty"`
	Regions     map[string]Override `yaml:"regions,omitempty" json:"regions,omitempty"`
	Related     []string            `yaml:"related,omitempty" json:"related,omitempty"`
	Sources     []string            `yaml:"sources" json:"sources"`
	Reviewed    string              `yaml:"reviewed" json:"reviewed"`

	file string // where it was decoded from, for problems; empty otherwise
}

// AnswerFor returns the answer for lang in region: the region override when
// the topic has one, else the national answer. lang is the language actually
// used (English when the requested one is missing), and regional reports
// whether an override was used.
func (t *Topic) AnswerFor(lang, region string) (text, used string, regional bool) {
	if o, ok := t.Regions[region]; ok {
		if s, ok := o.Answer[lang]; ok && strings.TrimSpace(s) != "" {
			return s, lang, true
		}
		// An override without this language: a national translation is
		// better than the wrong language, but if there is none, the
		// regional English (or French) text is.
		if _, ok := t.Answer[lang]; !ok {
			s, _ := o.Answer.In(lang)
			return s, fallbackLang(o.Answer), true
		}
	}
	s, ok := t.Answer.In(lang)
	if ok {
		return s, lang, false
	}
	return s, fallbackLang(t.Answer), false
}

func fallbackLang(t Text) string {
	if t["en"] != "" {
		return "en"
	}
	return "fr"
}

// SourcesFor returns the sources that back the answer in region.
func (t *Topic) SourcesFor(region string) []string {
	if o, ok := t.Regions[region]; ok && len(o.Sources) > 0 {
		return o.Sources
	}
	return t.Sources
}

// Unreviewed reports whether the answer in lang is an unreviewed translation.
func (t *Topic) Unreviewed(lang string) bool {
	return t.Translation[lang] == "unreviewed"
}

// ReviewedAt parses Reviewed; the zero time when it is malformed.
func (t *Topic) ReviewedAt() time.Time {
	d, _ := time.Parse(DateLayout, t.Reviewed)
	return d
}

// Service is an organisation a newcomer can be referred to.
type Service struct {
	ID           string   `yaml:"id" json:"id"`
	Organization string   `yaml:"organization" json:"organization"`
	Service      string   `yaml:"service,omitempty" json:"service,omitempty"`
	Description  Text     `yaml:"description,omitempty" json:"description,omitempty"`
	Region       string   `yaml:"region" json:"region"`
	Cities       []string `yaml:"cities,omitempty" json:"cities,omitempty"`
	Address      string   `yaml:"address,omitempty" json:"address,omitempty"`
	Phone        string   `yaml:"phone,omitempty" json:"phone,omitempty"`
	URL          string   `yaml:"url,omitempty" json:"url,omitempty"`
	Languages    []string `yaml:"languages,omitempty" json:"languages,omitempty"`
	Hours        string   `yaml:"hours,omitempty" json:"hours,omitempty"`
	Eligibility  string   `yaml:"eligibility,omitempty" json:"eligibility,omitempty"`
	Francophone  bool     `yaml:"francophone,omitempty" json:"francophone,omitempty"`
	Topics       []string `yaml:"topics" json:"topics"`
	Sources      []string `yaml:"sources" json:"sources"`
	AssuredDate  string   `yaml:"assured_date" json:"assured_date"`

	file string
}

// Serves reports whether the service helps with topic.
func (s *Service) Serves(topic string) bool { return slices.Contains(s.Topics, topic) }

// InCity reports whether the service lists city (case-insensitive).
func (s *Service) InCity(city string) bool {
	for _, c := range s.Cities {
		if strings.EqualFold(c, city) {
			return true
		}
	}
	return false
}

// Base is one version of the whole knowledge base.
type Base struct {
	Version  string    `yaml:"version" json:"version"`
	Topics   []Topic   `yaml:"topics" json:"topics"`
	Services []Service `yaml:"services" json:"services"`
}

// Topic returns the topic with id, or ErrNotFound.
func (b *Base) Topic(id string) (*Topic, error) {
	for i := range b.Topics {
		if b.Topics[i].ID == id {
			return &b.Topics[i], nil
		}
	}
	return nil, fmt.Errorf("topic %q: %w", id, ErrNotFound)
}

// Referrals returns at most limit services for topic: those in city
// first, then those province-wide in region, then, when the city is known,
// its general settlement agencies, which help newcomers with every topic.
// National services (region CA) are left to the caller, since most answers
// already name them.
func (b *Base) Referrals(topic, region, city string, limit int) []Service {
	if region == "" {
		return nil
	}
	var local, provincial, agencies []Service
	for _, s := range b.Services {
		if s.Region != region {
			continue
		}
		inCity := city != "" && s.InCity(city)
		switch {
		case s.Serves(topic) && inCity:
			local = append(local, s)
		case s.Serves(topic) && len(s.Cities) == 0:
			provincial = append(provincial, s)
		case inCity && s.Serves("settlement-services"):
			agencies = append(agencies, s)
		}
	}
	out := append(append(local, provincial...), agencies...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
