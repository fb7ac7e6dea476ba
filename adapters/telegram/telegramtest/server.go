// Package telegramtest is a fake Telegram Bot API server for tests.
//
// It speaks the Bot API's wire format (form parameters in, JSON out) on a
// local httptest.Server, so the real client library can be pointed at it
// with the endpoint format srv.Endpoint(). It serves queued updates through
// getUpdates (honouring offset, limit and a short long-poll wait), answers
// getMe, sendMessage, editMessageText, editMessageReplyMarkup,
// answerCallbackQuery, sendChatAction, setMyCommands, setWebhook and
// deleteWebhook, records every call, and can answer the way Telegram does
// when a bot sends too fast (429 with retry_after) or a person blocked the
// bot (403). It never touches the network beyond the loopback address.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

// User is a Telegram user (or the bot itself).
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot,omitempty"`
	FirstName    string `json:"first_name"`
	UserName     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is a Telegram chat: private, group, supergroup or channel.
type Chat struct {
	ID    int64  `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title,omitempty"`
}

// Private returns the private chat of u with the bot.
func Private(u User) Chat { return Chat{ID: u.ID, Type: "private"} }

// Group returns a supergroup chat with the given (negative) id.
func Group(id int64) Chat { return Chat{ID: id, Type: "supergroup", Title: "group"} }

// Entity is a message entity (mention, bot_command, ...). Offsets and
// lengths count UTF-16 code units, as Telegram's do.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	User   *User  `json:"user,omitempty"`
}

// File stands for any media object (photo size, sticker, voice, document).
type File struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width,omitempty"`
	Height       int    `json:"height,omitempty"`
}

// Button is one inline keyboard button.
type Button struct {
	Text         string  `json:"text"`
	CallbackData *string `json:"callback_data,omitempty"`
	URL          *string `json:"url,omitempty"`
}

// Markup is an inline keyboard.
type Markup struct {
	InlineKeyboard [][]Button `json:"inline_keyboard"`
}

// Message is a Telegram message.
type Message struct {
	MessageID       int      `json:"message_id"`
	From            *User    `json:"from,omitempty"`
	Chat            Chat     `json:"chat"`
	Date            int64    `json:"date"`
	EditDate        int64    `json:"edit_date,omitempty"`
	Text            string   `json:"text,omitempty"`
	Entities        []Entity `json:"entities,omitempty"`
	Caption         string   `json:"caption,omitempty"`
	CaptionEntities []Entity `json:"caption_entities,omitempty"`
	Photo           []File   `json:"photo,omitempty"`
	Sticker         *File    `json:"sticker,omitempty"`
	Voice           *File    `json:"voice,omitempty"`
	Document        *File    `json:"document,omitempty"`
	NewChatMembers  []User   `json:"new_chat_members,omitempty"`
	ReplyToMessage  *Message `json:"reply_to_message,omitempty"`
	ReplyMarkup     *Markup  `json:"reply_markup,omitempty"`
}

// CallbackQuery is a press of an inline button.
type CallbackQuery struct {
	ID              string   `json:"id"`
	From            User     `json:"from"`
	Message         *Message `json:"message,omitempty"`
	InlineMessageID string   `json:"inline_message_id,omitempty"`
	ChatInstance    string   `json:"chat_instance"`
	Data            string   `json:"data,omitempty"`
}

// ChatMember is a member's status in a chat.
type ChatMember struct {
	User   User   `json:"user"`
	Status string `json:"status"`
}

// ChatMemberUpdated tells that a member's status changed, e.g. that a
// person blocked the bot (new status "kicked" in a private chat).
type ChatMemberUpdated struct {
	Chat          Chat       `json:"chat"`
	From          User       `json:"from"`
	Date          int64      `json:"date"`
	OldChatMember ChatMember `json:"old_chat_member"`
	NewChatMember ChatMember `json:"new_chat_member"`
}

// Update is one event for the bot.
type Update struct {
	UpdateID      int                `json:"update_id"`
	Message       *Message           `json:"message,omitempty"`
	EditedMessage *Message           `json:"edited_message,omitempty"`
	CallbackQuery *CallbackQuery     `json:"callback_query,omitempty"`
	MyChatMember  *ChatMemberUpdated `json:"my_chat_member,omitempty"`
}

// Call is one request the bot made.
type Call struct {
	Method string
	Params url.Values
	Status int // the HTTP status the fake answered with
}

// Param returns the named parameter.
func (c Call) Param(name string) string { return c.Params.Get(name) }

// Chat returns the chat_id parameter, or 0.
func (c Call) Chat() int64 {
	id, _ := strconv.ParseInt(c.Params.Get("chat_id"), 10, 64)
	return id
}

// OK reports whether the fake answered the call successfully.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// Keyboard returns the inline keyboard sent with the call, if any.
func (c Call) Keyboard() [][]Button {
	var m Markup
	if err := json.Unmarshal([]byte(c.Params.Get("reply_markup")), &m); err != nil {
		return nil
	}
	return m.InlineKeyboard
}

// Server is the fake Bot API.
type Server struct {
	// URL is the server's base address, http://127.0.0.1:PORT.
	URL string
	// Token is the only token the server accepts.
	Token string
	// Bot is what getMe returns.
	Bot User
	// MaxPoll caps how long getUpdates waits for an update, whatever
	// timeout the bot asked for (default 200ms). Set before use.
	MaxPoll time.Duration

	srv *httptest.Server

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every change
	calls     []Call
	queue     []queued
	lastID    int
	lastMsg   int
	lastCB    int
	callbacks map[string]bool // callback query ids issued and not yet answered
	failures  []failure
	blocked   map[int64]bool
	messages  map[string]*Message // chat:id → message sent by the bot
}

// queued is an update waiting for getUpdates: typed, or raw JSON.
type queued struct {
	id   int
	body any
}

type failure struct {
	method     string
	code       int
	desc       string
	retryAfter int
	left       int
}

// NewServer starts a fake Bot API for the bot @newcomer_test_bot. Close
// it when done.
func NewServer() *Server {
	s := &Server{
		Token:     "123456:TEST-token-do-not-log",
		Bot:       User{ID: 999000, IsBot: true, FirstName: "Newcomer", UserName: "newcomer_test_bot"},
		MaxPoll:   200 * time.Millisecond,
		changed:   make(chan struct{}),
		callbacks: map[string]bool{},
		blocked:   map[int64]bool{},
		messages:  map[string]*Message{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down, waiting for requests in flight.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Endpoint returns the endpoint format for the client library:
// URL + "/bot%s/%s".
func (s *Server) Endpoint() string { return s.URL + "/bot%s/%s" }

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Enqueue queues an update for getUpdates and returns its update_id
// (assigned when u.UpdateID is 0). Messages get an id and a date when they
// have none, and Telegram's automatic entities (bot_command at the start,
// @mentions) when they have no entities.
func (s *Server) Enqueue(u Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prepareLocked(&u)
	s.enqueueLocked(queued{id: u.UpdateID, body: u})
	return u.UpdateID
}

// EnqueueRaw queues an update given as raw JSON under update id id, for
// updates the typed structs cannot express (such as malformed ones).
func (s *Server) EnqueueRaw(id int, raw json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastID = max(s.lastID, id)
	s.enqueueLocked(queued{id: id, body: raw})
}

func (s *Server) enqueueLocked(q queued) {
	i := len(s.queue)
	for i > 0 && s.queue[i-1].id > q.id {
		i--
	}
	s.queue = slices.Insert(s.queue, i, q)
	s.changedLocked()
}

// Prepare fills in an update's ids, dates and entities as Enqueue does,
// without queueing it: for delivering it through a webhook.
func (s *Server) Prepare(u Update) Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prepareLocked(&u)
	return u
}

func (s *Server) prepareLocked(u *Update) {
	if u.UpdateID == 0 {
		s.lastID++
		u.UpdateID = s.lastID
	} else if u.UpdateID > s.lastID {
		s.lastID = u.UpdateID
	}
	for _, m := range []*Message{u.Message, u.EditedMessage} {
		if m == nil {
			continue
		}
		if m.MessageID == 0 {
			s.lastMsg++
			m.MessageID = s.lastMsg
		}
		if m.Date == 0 {
			m.Date = time.Now().Unix()
		}
		if m.Entities == nil && m.Text != "" {
			m.Entities = entities(m.Text)
		}
		if m.CaptionEntities == nil && m.Caption != "" {
			m.CaptionEntities = entities(m.Caption)
		}
	}
	if cb := u.CallbackQuery; cb != nil && cb.ID == "" {
		s.lastCB++
		cb.ID = fmt.Sprintf("cb%d", s.lastCB)
		s.callbacks[cb.ID] = true
	}
}

var mentionRE = regexp.MustCompile(`@[A-Za-z0-9_]{5,32}`)

// entities finds what Telegram marks by itself: a command at the start and
// @mentions, with UTF-16 offsets.
func entities(text string) []Entity {
	var out []Entity
	if strings.HasPrefix(text, "/") {
		end := strings.IndexAny(text, " \n")
		if end < 0 {
			end = len(text)
		}
		out = append(out, Entity{Type: "bot_command", Offset: 0, Length: u16(text[:end])})
	}
	for _, loc := range mentionRE.FindAllStringIndex(text, -1) {
		if loc[0] > 0 && text[loc[0]-1] != ' ' && text[loc[0]-1] != '\n' {
			continue // part of a command (/help@bot) or an e-mail address
		}
		out = append(out, Entity{Type: "mention", Offset: u16(text[:loc[0]]), Length: u16(text[loc[0]:loc[1]])})
	}
	return out
}

func u16(s string) int { return len(utf16.Encode([]rune(s))) }

// Text queues a text message from user in chat and returns the update id.
func (s *Server) Text(from User, chat Chat, text string) int {
	return s.Enqueue(Update{Message: &Message{From: &from, Chat: chat, Text: text}})
}

// Press queues a press of the button with data on message m (a message the
// bot sent, see Sent) and returns the update id.
func (s *Server) Press(from User, m Message, data string) int {
	return s.Enqueue(Update{CallbackQuery: &CallbackQuery{From: from, Message: &m, ChatInstance: "ci", Data: data}})
}

// Fail makes the next n calls of method answer with the error code and
// description; retryAfter (seconds) is sent as parameters.retry_after when
// positive.
func (s *Server) Fail(method string, n, code int, description string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method: method, code: code, desc: description, retryAfter: retryAfter, left: n})
}

// Block makes every call to chat answer 403, as for a person who blocked
// the bot.
func (s *Server) Block(chat int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chat] = true
}

// Calls returns the calls of method ("" for all), in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filter(s.calls, method)
}

func filter(calls []Call, method string) []Call {
	var out []Call
	for _, c := range calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Sent returns the messages the bot sent to chat, in order, as Telegram
// stored them (with their current keyboards).
func (s *Server) Sent(chat int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.Chat.ID == chat {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b Message) int { return a.MessageID - b.MessageID })
	return out
}

// Wait blocks until cond holds for the calls of method ("" for all) or
// timeout passes, and reports whether cond held. It polls on every change,
// not on a timer.
func (s *Server) Wait(timeout time.Duration, method string, cond func(calls []Call) bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond(filter(s.calls, method))
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		}
	}
}

// Pending returns how many queued updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

type response struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// /bot<token>/<method>
	path := strings.TrimPrefix(r.URL.Path, "/bot")
	token, method, ok := strings.Cut(path, "/")
	if !ok || path == r.URL.Path {
		write(w, http.StatusNotFound, response{ErrorCode: 404, Description: "Not Found"})
		return
	}
	if token != s.Token {
		write(w, http.StatusUnauthorized, response{ErrorCode: 401, Description: "Unauthorized"})
		return
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseMultipartForm(1 << 20)
	} else {
		_ = r.ParseForm()
	}
	params := r.Form

	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	s.mu.Lock()
	status, resp := s.answerLocked(method, params)
	s.calls = append(s.calls, Call{Method: method, Params: params, Status: status})
	s.changedLocked()
	s.mu.Unlock()
	write(w, status, resp)
}

// failLocked answers with the next injected failure for method, if any.
func (s *Server) failLocked(method string) (int, response, bool) {
	for i := range s.failures {
		f := &s.failures[i]
		if f.method == method && f.left > 0 {
			f.left--
			resp := response{ErrorCode: f.code, Description: f.desc}
			if f.retryAfter > 0 {
				resp.Parameters = &responseParams{RetryAfter: f.retryAfter}
			}
			return f.code, resp, true
		}
	}
	return 0, response{}, false
}

func (s *Server) answerLocked(method string, p url.Values) (int, response) {
	if status, resp, failed := s.failLocked(method); failed {
		return status, resp
	}
	chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if p.Get("chat_id") != "" && s.blocked[chatID] {
		return http.StatusForbidden, response{ErrorCode: 403, Description: "Forbidden: bot was blocked by the user"}
	}
	bad := func(desc string) (int, response) {
		return http.StatusBadRequest, response{ErrorCode: 400, Description: "Bad Request: " + desc}
	}
	switch method {
	case "getMe":
		return ok(s.Bot)
	case "sendMessage":
		text := p.Get("text")
		if strings.TrimSpace(text) == "" {
			return bad("message text is empty")
		}
		if len(utf16.Encode([]rune(text))) > 4096 {
			return bad("message is too long")
		}
		if p.Get("chat_id") == "" {
			return bad("chat not found")
		}
		var markup *Markup
		if rm := p.Get("reply_markup"); rm != "" {
			markup = &Markup{}
			if err := json.Unmarshal([]byte(rm), markup); err != nil {
				return bad("can't parse reply keyboard markup JSON object")
			}
			for _, row := range markup.InlineKeyboard {
				for _, b := range row {
					if b.CallbackData != nil && (len(*b.CallbackData) == 0 || len(*b.CallbackData) > 64) {
						return bad("BUTTON_DATA_INVALID")
					}
				}
			}
		}
		s.lastMsg++
		chatType := "private"
		if chatID < 0 {
			chatType = "supergroup"
		}
		bot := s.Bot
		m := &Message{MessageID: s.lastMsg, From: &bot, Chat: Chat{ID: chatID, Type: chatType}, Date: time.Now().Unix(), Text: text, ReplyMarkup: markup}
		s.messages[key(chatID, m.MessageID)] = m
		return ok(m)
	case "editMessageText", "editMessageReplyMarkup":
		id, _ := strconv.Atoi(p.Get("message_id"))
		m, found := s.messages[key(chatID, id)]
		if !found {
			return bad("message to edit not found")
		}
		if method == "editMessageText" {
			m.Text = p.Get("text")
		}
		m.ReplyMarkup = nil
		if rm := p.Get("reply_markup"); rm != "" {
			m.ReplyMarkup = &Markup{}
			_ = json.Unmarshal([]byte(rm), m.ReplyMarkup)
		}
		return ok(m)
	case "answerCallbackQuery":
		id := p.Get("callback_query_id")
		if !s.callbacks[id] {
			return bad("query is too old and response timeout expired or query ID is invalid")
		}
		delete(s.callbacks, id)
		return ok(true)
	case "sendChatAction":
		if p.Get("action") == "" {
			return bad("wrong parameter action in request")
		}
		return ok(true)
	case "setMyCommands":
		var cmds []map[string]string
		if err := json.Unmarshal([]byte(p.Get("commands")), &cmds); err != nil {
			return bad("can't parse commands JSON object")
		}
		return ok(true)
	case "setWebhook":
		if p.Get("url") == "" {
			return bad("bad webhook: an HTTPS URL must be provided for webhook")
		}
		return ok(true)
	case "deleteWebhook":
		return ok(true)
	}
	return http.StatusNotFound, response{ErrorCode: 404, Description: "Not Found: method not found"}
}

func key(chat int64, id int) string { return fmt.Sprintf("%d:%d", chat, id) }

func ok(result any) (int, response) { return http.StatusOK, response{OK: true, Result: result} }

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p url.Values) {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	wait := min(time.Duration(timeout)*time.Second, s.MaxPoll)
	deadline := time.NewTimer(wait)
	defer deadline.Stop()

	s.mu.Lock()
	status, resp, failed := s.failLocked("getUpdates")
	if !failed {
		status = http.StatusOK
	}
	s.calls = append(s.calls, Call{Method: "getUpdates", Params: p, Status: status})
	s.changedLocked()
	if failed {
		s.mu.Unlock()
		write(w, status, resp)
		return
	}
	// Telegram forgets every update below the offset: they are confirmed.
	if offset > 0 {
		s.queue = slices.DeleteFunc(s.queue, func(q queued) bool { return q.id < offset })
	}
	for {
		var out []any
		for _, q := range s.queue {
			if q.id >= offset && len(out) < limit {
				out = append(out, q.body)
			}
		}
		ch := s.changed
		if len(out) > 0 {
			s.mu.Unlock()
			write(w, http.StatusOK, response{OK: true, Result: out})
			return
		}
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			write(w, http.StatusOK, response{OK: true, Result: []any{}})
			return
		case <-r.Context().Done():
			return
		}
		s.mu.Lock()
	}
}

func write(w http.ResponseWriter, status int, resp response) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(resp)
}
