package bot

import "time"

// Incoming is one message or button press from a person.
type Incoming struct {
	Platform string // telegram, discord, console
	User     string // platform:id, e.g. telegram:123
	Chat     string // the conversation the reply goes to (opaque to the engine)
	Text     string // what the person typed; empty for a button press
	Button   string // the Data of the button pressed; empty for text
	LangHint string // the platform's language for this person (e.g. Telegram language_code), may be ""
	Group    bool   // said in a group or server channel, not a private chat
	NoNotice bool   // never add the first-contact privacy notice (the ask tool)
	Region   string // a default province when the session has none (ask --region)
	Time     time.Time

	MessageID string // the platform's id of this message, if any
	ReplyTo   string // the id of the message this one replies to, if any
	Staff     bool   // said in the settlement workers' chat (HANDOFF_*), not by a newcomer
	Name      string // the person's display name: only ever shared with a worker with consent, never logged
}

// Kind is the kind of a Reply, as in the ask --json contract.
type Kind string

// The reply kinds.
const (
	KindAnswer    Kind = "answer"
	KindClarify   Kind = "clarify"
	KindFallback  Kind = "fallback"
	KindHandoff   Kind = "handoff"
	KindCrisis    Kind = "crisis"
	KindSmallTalk Kind = "smalltalk"
	KindCommand   Kind = "command"
	KindNotice    Kind = "notice" // the first-contact privacy notice
)

// Button is a choice the person can tap. Data is at most 64 bytes (the
// Telegram limit) and means the same on every platform.
type Button struct {
	Label string
	Data  string
}

// Choice is a topic offered in a clarification.
type Choice struct {
	Topic string `json:"topic"`
	Title string `json:"title"`
}

// Referral is a real service the person can contact.
type Referral struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	URL   string `json:"url,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Reply is one message to send back.
type Reply struct {
	Kind       Kind
	Topic      string  // knowledge topic for answers; the crisis kind's topic for crises
	Confidence float64 // in [0,1]
	Lang       string  // language of Text
	Region     string  // province the reply used; "" when unknown
	Text       string  // plain text; adapters escape and format it
	Sources    []string
	Choices    []Choice
	Referrals  []Referral
	Buttons    [][]Button // rows of buttons
	Sensitive  bool       // personal: adapters move it out of group chats
}
