package knowledge_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/newcomerbot/newcomerbot/knowledge"
	"github.com/newcomerbot/newcomerbot/knowledge/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) knowledge.Store { return knowledge.NewMemory() })
}

// requiredTopics are the ids in shared/topics.md that the product must ship.
var requiredTopics = strings.Fields(`sin health-card ifhp family-doctor emergency mental-health housing-rent shelter
language-classes employment credential-recognition bank-account drivers-licence school-enrolment childcare taxes
pr-card citizenship legal-help scams transit phone-internet settlement-services francophone-services youth-programs
seniors volunteering human-rights police-safety family-violence winter library civic-engagement refugee-claim
work-permit study-permit food-bank income-support employment-insurance workers-rights`)

func TestBundledIsValidAndComplete(t *testing.T) {
	b, err := knowledge.Bundled()
	if err != nil {
		t.Fatalf("bundled knowledge does not load: %v", err)
	}
	for _, id := range requiredTopics {
		tp, err := b.Topic(id)
		if err != nil {
			t.Errorf("required topic %q is missing", id)
			continue
		}
		for _, lang := range []string{"en", "fr"} {
			if len(tp.Questions[lang]) < 8 {
				t.Errorf("%s: %d question variants in %s, want at least 8", id, len(tp.Questions[lang]), lang)
			}
		}
	}
}

// The Knowledge rule: every topic and service is sourced and was checked
// within the last 18 months.
func TestBundledIsSourcedAndFresh(t *testing.T) {
	b, err := knowledge.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range b.Topics {
		if len(tp.Sources) == 0 {
			t.Errorf("topic %s has no sources", tp.ID)
		}
	}
	for _, s := range b.Services {
		if len(s.Sources) == 0 {
			t.Errorf("service %s has no sources", s.ID)
		}
	}
	const eighteenMonths = 548 * 24 * time.Hour
	for _, p := range knowledge.Stale(b, time.Now(), eighteenMonths) {
		t.Errorf("stale: %s", p)
	}
}

func TestStaleReportsOldEntries(t *testing.T) {
	b := &knowledge.Base{Topics: []knowledge.Topic{{ID: "sin", Reviewed: "2020-01-01"}, {ID: "taxes", Reviewed: "2026-11-01"}}}
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	probs := knowledge.Stale(b, now, 548*24*time.Hour)
	if len(probs) != 1 || !strings.Contains(probs[0].String(), "sin") {
		t.Fatalf("got %v, want one problem about sin", probs)
	}
}

const goodTopic = `id: sin
title: {en: Social Insurance Number, fr: Numéro d'assurance sociale}
keywords: {en: [sin], fr: [nas]}
questions:
  en: [how do i get a sin]
  fr: [comment obtenir un nas]
answer:
  en: Apply at Service Canada.
  fr: Faites la demande à Service Canada.
related: [taxes]
sources: [https://www.canada.ca/en/employment-social-development/services/sin.html]
reviewed: 2026-11-22
`

const goodTaxes = `id: taxes
title: {en: Taxes, fr: Impôts}
questions: {en: [how do i file taxes], fr: [comment faire mes impôts]}
answer: {en: File with the CRA., fr: Produisez avec l'ARC.}
sources: [https://www.canada.ca/en/services/taxes.html]
reviewed: 2026-11-22
`

const goodService = `id: two-one-one
organization: "211"
region: CA
url: https://211.ca/
topics: [sin]
sources: [https://211.ca/]
assured_date: 2026-11-22
`

func dir(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for name, data := range files {
		fs[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fs
}

func TestLoadGood(t *testing.T) {
	b, err := knowledge.Load(dir(map[string]string{
		"topics/sin.yaml": goodTopic, "topics/taxes.yaml": goodTaxes, "services/two-one-one.yaml": goodService,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Topics) != 2 || len(b.Services) != 1 || b.Version == "" {
		t.Fatalf("got %d topics, %d services, version %q", len(b.Topics), len(b.Services), b.Version)
	}
}

func TestValidationNamesFileLineAndField(t *testing.T) {
	tests := []struct {
		name  string
		topic string // replaces topics/sin.yaml
		want  string // substring of one problem
	}{
		{"broken yaml", "id: sin\ntitle: [unclosed\n", "topics/sin.yaml:"},
		{"missing french answer", strings.Replace(goodTopic, "  fr: Faites la demande à Service Canada.\n", "", 1), "answer.fr: missing"},
		{"empty answer", strings.Replace(goodTopic, "en: Apply at Service Canada.", `en: " "`, 1), "answer.en: missing or empty"},
		{"unknown related", strings.Replace(goodTopic, "related: [taxes]", "related: [nope]", 1), `topics/sin.yaml:10: related: unknown related topic "nope"`},
		{"http source", strings.Replace(goodTopic, "https://www.canada.ca", "http://www.canada.ca", 1), "sources:"},
		{"bad date", strings.Replace(goodTopic, "reviewed: 2026-11-22", "reviewed: last week", 1), `reviewed: "last week" is not a date`},
		{"unknown region", goodTopic + "regions:\n  XX: {answer: {en: a, fr: b}}\n", `unknown region code "XX"`},
		{"too long", strings.Replace(goodTopic, "Apply at Service Canada.", strings.Repeat("a", 4000), 1), "longer than 3500"},
		{"unknown field", goodTopic + "colour: blue\n", "field colour not found"},
		{"unknown language", strings.Replace(goodTopic, "  fr: [comment obtenir un nas]", "  fr: [comment obtenir un nas]\n  xx: [foo]", 1), `unknown language "xx"`},
		{"id does not match file", strings.Replace(goodTopic, "id: sin", "id: sim", 1), "does not match the file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := knowledge.Load(dir(map[string]string{
				"topics/sin.yaml": tt.topic, "topics/taxes.yaml": goodTaxes, "services/two-one-one.yaml": goodService,
			}))
			var probs knowledge.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("got %v, want knowledge.Problems", err)
			}
			for _, p := range probs {
				if strings.Contains(p.String(), tt.want) {
					return
				}
			}
			t.Fatalf("no problem mentions %q; got:\n%v", tt.want, probs)
		})
	}
}

func TestValidationDuplicateIDAndUnknownServiceTopic(t *testing.T) {
	_, err := knowledge.Load(dir(map[string]string{
		"topics/sin.yaml":           goodTopic,
		"topics/taxes.yaml":         strings.Replace(goodTaxes, "id: taxes", "id: sin", 1),
		"services/two-one-one.yaml": strings.Replace(goodService, "topics: [sin]", "topics: [sin, nope]", 1),
	}))
	msg := err.Error()
	var probs knowledge.Problems
	errors.As(err, &probs)
	all := ""
	for _, p := range probs {
		all += p.String() + "\n"
	}
	for _, want := range []string{`duplicate topic id "sin"`, `unknown topic "nope"`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s (%s)", want, all, msg)
		}
	}
}

func TestAnswerForRegionAndLanguage(t *testing.T) {
	tp := knowledge.Topic{
		ID:      "health-card",
		Answer:  knowledge.Text{"en": "national", "fr": "national fr", "ar": "وطني"},
		Regions: map[string]knowledge.Override{"ON": {Answer: knowledge.Text{"en": "ohip", "fr": "ohip fr"}}},
	}
	tests := []struct{ lang, region, want, used string }{
		{"en", "", "national", "en"},
		{"en", "ON", "ohip", "en"},
		{"fr", "ON", "ohip fr", "fr"},
		{"ar", "ON", "وطني", "ar"}, // a national translation beats the wrong language
		{"es", "", "national", "en"},
		{"es", "ON", "ohip", "en"},
		{"fr", "AB", "national fr", "fr"},
	}
	for _, tt := range tests {
		got, used, _ := tp.AnswerFor(tt.lang, tt.region)
		if got != tt.want || used != tt.used {
			t.Errorf("AnswerFor(%s, %s) = %q in %s, want %q in %s", tt.lang, tt.region, got, used, tt.want, tt.used)
		}
	}
}

func TestReferralsPreferTheCity(t *testing.T) {
	b := &knowledge.Base{Services: []knowledge.Service{
		{ID: "edm", Region: "AB", Cities: []string{"Edmonton"}, Topics: []string{"health-card"}},
		{ID: "prov", Region: "AB", Topics: []string{"health-card"}},
		{ID: "cgy", Region: "AB", Cities: []string{"Calgary"}, Topics: []string{"health-card"}},
		{ID: "cgy-other", Region: "AB", Cities: []string{"Calgary"}, Topics: []string{"taxes"}},
		{ID: "cgy-agency", Region: "AB", Cities: []string{"Calgary"}, Topics: []string{"settlement-services"}},
		{ID: "on", Region: "ON", Topics: []string{"health-card"}},
	}}
	got := b.Referrals("health-card", "AB", "Calgary", 3)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "cgy,prov,cgy-agency" {
		t.Fatalf("got %v, want [cgy prov cgy-agency]: topic services in the city, province-wide, then the city's settlement agencies", ids)
	}
	if n := len(b.Referrals("health-card", "", "", 3)); n != 0 {
		t.Fatalf("unknown region: got %d referrals, want 0", n)
	}
}
