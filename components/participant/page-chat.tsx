"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useLive } from "@/lib/experiment/client";
import { island } from "@/lib/experiment/island";
import { t, type Locale } from "@/lib/i18n";
import type { ChannelHistory, ChannelMessageView } from "@/lib/engine/chat/channel-message";

/** The live event and methods of lib/engine/chat/channel.ts (not imported: that module is the server's). */
const CHAT_EVENT = "chat";

/**
 * The chat of a page that declares `chat` (its group's or the whole session's channel), for
 * the participants on it: the channel's messages, live over the participant socket, and a box
 * to write in. It sits inside the page's form, so Enter and its button send the message,
 * never the page. The server decides the channel, the sender's name and the limits.
 */
function PageChatView({ locale, maxLength, title }: Readonly<{ locale: Locale; maxLength: number; title: string }>) {
  const live = useLive();
  const [me, setMe] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChannelMessageView[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);

  // A message pushed while the history loads is kept once: merged by id.
  const add = useCallback((incoming: ChannelMessageView[]) => {
    setMessages((old) => {
      const byId = new Map(old.map((m) => [m.id, m]));
      for (const m of incoming) byId.set(m.id, m);
      return [...byId.values()].sort((a, b) => a.id - b.id);
    });
  }, []);

  useEffect(() => live.on(CHAT_EVENT, (data) => add([data as unknown as ChannelMessageView])), [live, add]);
  // (Re)connected: what was said meanwhile.
  useEffect(() => {
    if (!live.connected) return;
    live
      .call("chat:history")
      .then((data) => {
        const history = data as unknown as ChannelHistory;
        setMe(history.me);
        add(history.messages);
      })
      .catch((e: Error) => setError(e.message));
  }, [live, live.connected, add]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [messages]);

  // The box empties at once, so what is typed next is never wiped by a late answer; a refused
  // message comes back into the box, unless something new was typed meanwhile.
  const send = async () => {
    if (sending || text.trim() === "") return;
    const sent = text;
    setSending(true);
    setText("");
    try {
      add([(await live.call("chat:send", { text: sent })) as unknown as ChannelMessageView]);
      setError("");
    } catch (e) {
      setText((typed) => (typed === "" ? sent : typed));
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-label={title} className="space-y-2 rounded-lg border border-stone-200 p-3" data-testid="page-chat">
      <h2 className="font-medium">{title}</h2>
      <ol ref={list} aria-live="polite" className="max-h-64 space-y-1 overflow-y-auto text-sm" data-testid="page-chat-messages">
        {messages.length === 0 ? <li className="text-stone-500">{t(locale, "chat.empty")}</li> : null}
        {messages.map((m) => (
          <li key={m.id}>
            <span className="font-medium">{m.from === me ? t(locale, "chat.you", { name: m.from }) : m.from}:</span> <span className="whitespace-pre-wrap break-words">{m.text}</span>
          </li>
        ))}
      </ol>
      <div className="flex items-end gap-2">
        <label className="grow">
          <span className="sr-only">{t(locale, "chat.yourMessage")}</span>
          <input
            type="text"
            value={text}
            maxLength={maxLength}
            placeholder={me ? t(locale, "chat.writeAs", { name: me }) : t(locale, "chat.write")}
            onChange={(e) => setText(e.target.value)}
            // Enter sends the message, not the page.
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void send();
              }
            }}
            className="w-full rounded-md border border-stone-300 px-3 py-2"
            data-testid="page-chat-input"
          />
        </label>
        <button type="button" onClick={() => void send()} disabled={sending || !live.connected} className="rounded-md border border-stone-300 px-3 py-2 hover:bg-stone-50 disabled:opacity-50">
          {t(locale, "chat.send")}
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}

export const PageChat = island("page-chat", PageChatView);
