package telegram
import ("testing";"fmt";"github.com/newcomerbot/newcomerbot/adapters/telegram/telegramtest")
func TestDbgSticker(t *testing.T) {
	e := newEnv(t, newEngine(t))
	e.run()
	p := telegramtest.Private(alice)
	id := e.srv.Enqueue(telegramtest.Update{Message: &telegramtest.Message{From: &alice, Chat: p, Sticker: &telegramtest.File{FileID: "s", FileUniqueID: "s"}}})
	e.waitCursor(fmt.Sprint(id + 1))
	for _, m := range e.srv.Calls("") { fmt.Printf("%s %.100q\n", m.Method, m.Param("text")) }
	fmt.Println(e.logs.String())
}
