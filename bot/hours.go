package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// OfficeHours are when settlement workers answer: some days of the week,
// one time range, in one time zone. The zero value means always.
type OfficeHours struct {
	days       [7]bool // by time.Weekday
	start, end int     // minutes after midnight; end may be 24*60
	loc        *time.Location
}

var dayAbbr = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseOfficeHours reads a setting such as "Mon-Fri 09:00-17:00
// America/Toronto": days (a range or a comma-separated list of English day
// names or their first three letters), a time range, and an IANA time zone
// (default UTC). An empty setting means always open.
func ParseOfficeHours(spec string) (OfficeHours, error) {
	var h OfficeHours
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return h, nil
	}
	bad := func(why string) (OfficeHours, error) {
		return OfficeHours{}, fmt.Errorf("office hours %q: %s (want e.g. \"Mon-Fri 09:00-17:00 America/Toronto\")", spec, why)
	}
	if len(fields) < 2 || len(fields) > 3 {
		return bad("want days, hours and a time zone")
	}
	for _, part := range strings.Split(strings.ToLower(fields[0]), ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, b := weekday(from), weekday(to)
		if !isRange {
			b = a
		}
		if a < 0 || b < 0 {
			return bad("unknown day " + strconv.Quote(part))
		}
		for d := a; ; d = (d + 1) % 7 {
			h.days[d] = true
			if d == b {
				break
			}
		}
	}
	from, to, ok := strings.Cut(fields[1], "-")
	var err1, err2 error
	h.start, err1 = clockMinutes(from)
	h.end, err2 = clockMinutes(to)
	if !ok || err1 != nil || err2 != nil {
		return bad("hours must be HH:MM-HH:MM")
	}
	if h.end <= h.start {
		return bad("the end of the day must come after its start")
	}
	h.loc = time.UTC
	if len(fields) == 3 {
		loc, err := time.LoadLocation(fields[2])
		if err != nil {
			return bad("unknown time zone " + strconv.Quote(fields[2]))
		}
		h.loc = loc
	}
	return h, nil
}

func weekday(s string) int {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return -1
	}
	for i, d := range dayAbbr {
		if strings.HasPrefix(s, d) {
			return i
		}
	}
	return -1
}

func clockMinutes(s string) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0) {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

// Always reports whether h is the zero value: always open.
func (h OfficeHours) Always() bool { return h.loc == nil }

// window returns the office window on the local day of t.
func (h OfficeHours) window(t time.Time) (start, end time.Time, ok bool) {
	l := t.In(h.loc)
	if !h.days[l.Weekday()] {
		return time.Time{}, time.Time{}, false
	}
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, h.loc)
	start = time.Date(l.Year(), l.Month(), l.Day(), h.start/60, h.start%60, 0, 0, h.loc)
	if h.end == 24*60 {
		end = day.AddDate(0, 0, 1)
	} else {
		end = time.Date(l.Year(), l.Month(), l.Day(), h.end/60, h.end%60, 0, 0, h.loc)
	}
	return start, end, true
}

// IsOpen reports whether t is inside office hours.
func (h OfficeHours) IsOpen(t time.Time) bool {
	if h.Always() {
		return true
	}
	s, e, ok := h.window(t)
	return ok && !t.Before(s) && t.Before(e)
}

// NextOpen returns t when office hours are open then, else when they next
// open.
func (h OfficeHours) NextOpen(t time.Time) time.Time {
	if h.IsOpen(t) {
		return t
	}
	for i := 0; i < 8; i++ {
		l := t.In(h.loc)
		d := time.Date(l.Year(), l.Month(), l.Day()+i, 12, 0, 0, 0, h.loc)
		if s, _, ok := h.window(d); ok && s.After(t) {
			return s
		}
	}
	return t // no working day at all: cannot happen after Parse
}

// Between returns how much office time passes from a to b.
func (h OfficeHours) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if h.Always() {
		return b.Sub(a)
	}
	var total time.Duration
	la := a.In(h.loc)
	for i := 0; ; i++ {
		d := time.Date(la.Year(), la.Month(), la.Day()+i, 12, 0, 0, 0, h.loc)
		s, e, ok := h.window(d)
		if ok {
			lo, hi := maxTime(s, a), minTime(e, b)
			if hi.After(lo) {
				total += hi.Sub(lo)
			}
		}
		if !time.Date(la.Year(), la.Month(), la.Day()+i+1, 0, 0, 0, 0, h.loc).Before(b) {
			return total
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Describe says in lang when workers answer: "Monday to Friday,
// 9:00–17:00 Toronto time". "" when always open.
func (h OfficeHours) Describe(lang string) string {
	if h.Always() {
		return ""
	}
	if lang != "fr" {
		lang = "en"
	}
	return msg(lang, "hours_describe", h.dayList(lang), clockText(lang, h.start), clockText(lang, h.end), h.place())
}

// place names the time zone by its city: "Toronto".
func (h OfficeHours) place() string {
	name := h.loc.String()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// dayList names the working days: "Monday to Friday", "du lundi au vendredi".
func (h OfficeHours) dayList(lang string) string {
	all := true
	for _, d := range h.days {
		all = all && d
	}
	if all {
		return msg(lang, "days_all")
	}
	// Runs of consecutive days, Monday first.
	var runs [][2]int
	for i := 0; i < 7; i++ {
		d := (i + 1) % 7
		if !h.days[d] {
			continue
		}
		if len(runs) > 0 && runs[len(runs)-1][1] == (d+6)%7 && i > 0 {
			runs[len(runs)-1][1] = d
			continue
		}
		runs = append(runs, [2]int{d, d})
	}
	var parts []string
	for _, r := range runs {
		if r[0] == r[1] {
			parts = append(parts, msg(lang, "days_one", dayName(lang, r[0])))
		} else {
			parts = append(parts, msg(lang, "days_range", dayName(lang, r[0]), dayName(lang, r[1])))
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + msg(lang, "and") + parts[len(parts)-1]
}

func dayName(lang string, d int) string {
	names, ok := dayNames[lang]
	if !ok {
		names = dayNames["en"]
	}
	return names[d]
}

// clockText writes minutes after midnight as "9:00" (en) or "9 h" (fr).
func clockText(lang string, m int) string {
	if lang == "fr" {
		if m%60 == 0 {
			return fmt.Sprintf("%d h", m/60)
		}
		return fmt.Sprintf("%d h %02d", m/60, m%60)
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// Expect tells a newcomer honestly, in lang, when a person will reply:
// now, or when the office next opens ("it is Saturday, so expect a reply
// on Monday from 9:00"). "" when always open.
func (h OfficeHours) Expect(lang string, now time.Time) string {
	if h.Always() {
		return ""
	}
	if lang != "fr" {
		lang = "en"
	}
	desc := h.Describe(lang)
	if h.IsOpen(now) {
		return msg(lang, "hours_open", desc)
	}
	l := now.In(h.loc)
	var it string
	if h.days[l.Weekday()] {
		it = msg(lang, "hours_now_time", clockText(lang, l.Hour()*60+l.Minute()), dayName(lang, int(l.Weekday())))
	} else {
		it = msg(lang, "hours_now_day", dayName(lang, int(l.Weekday())))
	}
	next := h.NextOpen(now).In(h.loc)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, h.loc)
	nday := time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, h.loc)
	from := clockText(lang, h.start)
	var when string
	switch days := int(nday.Sub(today).Hours()/24 + 0.5); days {
	case 0:
		when = msg(lang, "when_today", from)
	case 1:
		when = msg(lang, "when_tomorrow", dayName(lang, int(next.Weekday())), from)
	default:
		when = msg(lang, "when_day", dayName(lang, int(next.Weekday())), from)
	}
	return msg(lang, "hours_closed", desc, it, when)
}
