"use client";

import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { Socket } from "socket.io-client";
import { t, type Locale } from "@/lib/i18n";
import type { ChatAck, ChatMessageView, ChatThreadView, ParticipantClientToServer, ParticipantServerToClient } from "@/lib/realtime/events";

type ParticipantSocket = Socket<ParticipantServerToClient, ParticipantClientToServer>;
type Thread = Pick<ChatThreadView, "id" | "canWrite" | "messages">;

const MAX_TEXT = 2000;

/** A message added to its thread once (a reconnect's history and a push may both bring it). */
function withMessage(thread: Thread | null, m: ChatMessageView): Thread | null {
  if (thread && thread.id !== m.thread) return thread;
  const base = thread ?? { id: m.thread, canWrite: false, messages: [] };
  if (base.messages.some((x) => x.id === m.id)) return base;
  return { ...base, messages: [...base.messages, m] };
}

/**
 * The participant's chat with the research team: nothing on the page until an admin has
 * written; then a small button in a corner that opens the conversation. New messages are
 * announced politely and counted on the button, never pop up over the page or take focus.
 * Replies can be written only while the admin allows them (the server checks that too).
 */
export function ChatPanel({ socket, locale }: Readonly<{ socket: ParticipantSocket | null; locale: Locale }>) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const openRef = useRef(open);
  openRef.current = open;
  const list = useRef<HTMLOListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!socket) return;
    // Read again at every (re)connection: messages sent while this tab was away come along.
    const load = async () => {
      const result: ChatAck<{ threads: ChatThreadView[] }> | null = await socket.timeout(15_000).emitWithAck("chat:history", {}).catch(() => null);
      if (!result?.ok) return;
      const admin = result.threads.find((t) => t.kind === "admin");
      if (!admin) return;
      setThread((prev) => {
        const start: Thread = { id: admin.id, canWrite: admin.canWrite, messages: prev?.id === admin.id ? prev.messages : [] };
        return admin.messages.reduce<Thread | null>(withMessage, start);
      });
      // New: the admins' messages after the last one this player saw (kept on the server, so a reload keeps the count).
      if (!openRef.current) setUnread(admin.messages.filter((m) => m.from === "admin" && m.id > admin.readId).length);
    };
    const onMessage = (m: ChatMessageView) => {
      setThread((prev) => withMessage(prev, m));
      if (m.from === "admin" && !openRef.current) setUnread((n) => n + 1);
    };
    const onReplies = ({ thread: t, allowed }: { thread: number; allowed: boolean }) => setThread((prev) => (prev ? (prev.id === t ? { ...prev, canWrite: allowed } : prev) : { id: t, canWrite: allowed, messages: [] }));
    socket.on("connect", load);
    socket.on("chat:message", onMessage);
    socket.on("chat:replies", onReplies);
    if (socket.connected) void load();
    return () => {
      socket.off("connect", load);
      socket.off("chat:message", onMessage);
      socket.off("chat:replies", onReplies);
    };
  }, [socket]);

  // The latest message in view whenever the conversation grows or opens; what is shown is seen.
  const lastId = thread?.messages.at(-1)?.id;
  const threadId = thread?.id;
  useEffect(() => {
    if (!open) return;
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
    if (socket && threadId !== undefined && lastId !== undefined) socket.emit("chat:read", { thread: threadId, upTo: lastId });
  }, [open, lastId, socket, threadId]);

  const close = useCallback(() => {
    setOpen(false);
    toggle.current?.focus();
  }, []);

  if (!thread || thread.messages.length === 0) return null;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!socket || sending || !text.trim()) return;
    setSending(true);
    setError(null);
    const result = await socket
      .timeout(15_000)
      .emitWithAck("chat:send", { thread: thread.id, text })
      .catch(() => ({ ok: false as const, error: t(locale, "team.notSent") }));
    setSending(false);
    if (!result.ok) return setError(result.error);
    setText("");
    setThread((prev) => withMessage(prev, result.message));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") close();
  };

  return (
    <>
      {/* Room at the end of the page, so the button never covers its last line. */}
      <div aria-hidden className="h-16" />
      <div className="fixed right-4 bottom-4 z-40 flex max-w-[calc(100vw-2rem)] flex-col items-end gap-2" data-testid="chat">
        {open ? (
          <section id={id} aria-label={t(locale, "team.panel")} onKeyDown={onKey} className="flex w-80 max-w-full flex-col rounded-2xl border border-stone-200 bg-white shadow-lg">
            <header className="flex items-center justify-between border-b border-stone-100 px-4 py-2">
              <h2 className="text-sm font-semibold">{t(locale, "team.name")}</h2>
              <button type="button" onClick={close} className="rounded px-2 py-0.5 text-sm text-stone-600 hover:bg-stone-100" aria-label={t(locale, "team.close")}>
                ✕
              </button>
            </header>
            <ol ref={list} aria-live="polite" className="max-h-72 space-y-2 overflow-y-auto px-4 py-3 text-sm" data-testid="chat-messages">
              {thread.messages.map((m) => (
                <li key={m.id} data-from={m.from} className={m.from === "admin" ? "mr-8" : "ml-8 text-right"}>
                  <span className="sr-only">{`${t(locale, m.from === "admin" ? "team.from" : "team.fromYou")} `}</span>
                  <span className={`inline-block rounded-xl px-3 py-1.5 text-left whitespace-pre-wrap ${m.from === "admin" ? "bg-stone-100" : "bg-emerald-700 text-white"}`}>{m.text}</span>
                </li>
              ))}
            </ol>
            {thread.canWrite ? (
              <form onSubmit={send} className="flex items-end gap-2 border-t border-stone-100 p-3">
                <textarea
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  onKeyDown={(e) => {
                    // Enter sends, Shift+Enter starts a new line, as in most chats.
                    if (e.key === "Enter" && !e.shiftKey) {
                      e.preventDefault();
                      e.currentTarget.form?.requestSubmit();
                    }
                  }}
                  rows={2}
                  maxLength={MAX_TEXT}
                  aria-label={t(locale, "team.reply")}
                  className="min-w-0 flex-1 resize-none rounded-lg border border-stone-300 px-2 py-1 text-sm focus:border-emerald-600 focus:outline-none"
                />
                <button type="submit" disabled={sending || !text.trim()} className="rounded-lg bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50">
                  {t(locale, "chat.send")}
                </button>
              </form>
            ) : (
              <p className="border-t border-stone-100 px-4 py-2 text-xs text-stone-500" data-testid="chat-no-replies">
                {t(locale, "team.repliesOff")}
              </p>
            )}
            {error ? (
              <p role="alert" className="px-4 pb-3 text-xs text-red-700">
                {error}
              </p>
            ) : null}
          </section>
        ) : null}
        <button
          ref={toggle}
          type="button"
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          onClick={() => {
            setOpen((o) => !o);
            setUnread(0);
          }}
          className="rounded-full bg-emerald-700 px-4 py-2 text-sm font-medium text-white shadow-lg hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {t(locale, open ? "team.hide" : "team.open")}
          {unread > 0 ? <span className="ml-2 rounded-full bg-white px-1.5 text-xs text-emerald-800 tabular-nums">{t(locale, "team.newCount", { count: unread })}</span> : null}
        </button>
        <span role="status" className="sr-only">
          {unread === 0 ? "" : unread === 1 ? t(locale, "team.newOne") : t(locale, "team.newMany", { count: unread })}
        </span>
      </div>
    </>
  );
}
