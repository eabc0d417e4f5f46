import { chatSettings, defineApp, page, type ChatOptions } from "@/lib/experiment";

// A page's chat options are checked at start like every other option: a mistake names the
// app and page, and the defaults are the ones the docs promise.

const withChat = (chat: unknown) => () => defineApp({ name: "talk", pages: [page({ name: "Talk", chat: chat as ChatOptions })] });

test("the defaults: the group's channel, pseudonyms, 500 characters, 5 messages in 10 seconds", () => {
  expect(chatSettings({})).toEqual({ scope: "group", sender: "pseudonym", maxLength: 500, rateLimit: { messages: 5, seconds: 10 } });
  expect(withChat({ scope: "session", sender: "label", maxLength: 2000, rateLimit: { messages: 1, seconds: 1 } })).not.toThrow();
});

test.each([
  [null, "chat must be an object"],
  [{ scope: "room" }, 'chat scope must be "group" or "session", not "room"'],
  [{ sender: "name" }, 'chat sender must be "pseudonym" or "label", not "name"'],
  [{ maxLength: 0 }, "chat maxLength must be a whole number from 1 to 2000, not 0"],
  [{ maxLength: 2001 }, "chat maxLength must be a whole number from 1 to 2000, not 2001"],
  [{ maxLenght: 10 }, "unknown chat option maxLenght"],
  [{ rateLimit: { messages: 0, seconds: 10 } }, "chat rateLimit must be { messages, seconds }"],
  [{ rateLimit: { messages: 2 } }, "chat rateLimit must be { messages, seconds }"],
])("the chat %j stops the start", (chat, message) => expect(withChat(chat)).toThrow(`App "talk", page "Talk": ${message}`));
