"use client";

import { useCallback, useRef, useState, type FormEvent } from "react";
import type { Socket } from "socket.io-client";
import { Badge } from "@/components/ui/badge";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import type { AdminClientToServer, AdminServerToClient, ChatInboxEntry, ChatMessageView } from "@/lib/realtime/events";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useChatFeed } from "./use-chat-feed";
import { useResetOn } from "./use-reset-on";

type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;
type Open = { player: string; messages: ChatMessageView[]; repliesAllowed: boolean };

/**
 * The session's chat inbox: one line per player the admins have written to, the latest
 * conversation first, with the participant's unread replies counted. Opening a line shows
 * the conversation and marks it read (in every admin tab); a reply goes out through the
 * player monitor's action, as a message to that one player. Live over the admin socket.
 */
export function ChatInbox({ sname, action }: Readonly<{ sname: string; action: AdminActionFn }>) {
  const [threads, setThreads] = useState<ChatInboxEntry[]>([]);
  const [open, setOpen] = useState<Open | null>(null);
  const openPlayer = useRef<string | null>(null);
  const [text, setText] = useState("");

  const read = useCallback(
    async (socket: AdminSocket, player: string) => {
      const result = await socket.emitWithAck("chat:open", { sname, player });
      if (result.ok && openPlayer.current === player) setOpen({ player, messages: result.messages, repliesAllowed: result.repliesAllowed });
    },
    [sname],
  );
  const reload = useCallback(async () => {
    const socket = socketRef.current;
    if (!socket) return false;
    const result = await socket.emitWithAck("chat:watch", { sname });
    if (result.ok) setThreads(result.threads);
    if (openPlayer.current) await read(socket, openPlayer.current);
    return result.ok;
  }, [sname, read]);
  const socketRef = useChatFeed(`chat:${sname}`, reload);

  const show = (player: string) => {
    openPlayer.current = player;
    setText("");
    if (socketRef.current) void read(socketRef.current, player);
  };

  const { state, pending, onSubmit } = useAdminForm(action);
  const submitted = useRef<string | null>(null);
  // A reply that went out leaves the box empty.
  useResetOn(state, () => {
    if (state?.ok && submitted.current === "chat") setText("");
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    submitted.current = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? null;
    onSubmit(e);
  };

  const unread = threads.reduce((n, t) => n + t.unread, 0);
  return (
    <div className="space-y-3" data-testid="chat-inbox">
      <p className="text-sm text-stone-600" aria-live="polite">
        {threads.length === 0 ? "No conversations yet: select players in the monitor and choose Chat… to write to them." : `${threads.length} conversation${threads.length === 1 ? "" : "s"}, ${unread} unread`}
      </p>
      {threads.length > 0 ? (
        <ul className="max-h-64 divide-y divide-stone-100 overflow-y-auto rounded-lg border border-stone-200 text-sm">
          {threads.map((t) => (
            <li key={t.player}>
              <button type="button" onClick={() => show(t.player)} aria-current={open?.player === t.player} data-player={t.player} className={`flex w-full items-center gap-2 px-3 py-2 text-left hover:bg-stone-50 ${open?.player === t.player ? "bg-emerald-50" : ""}`}>
                <span className="font-mono text-xs">{t.label || t.player}</span>
                {t.unread > 0 ? (
                  <Badge tone="amber">
                    <span data-testid="chat-unread">{t.unread}</span>&nbsp;unread
                  </Badge>
                ) : null}
                <span className="min-w-0 flex-1 truncate text-stone-500">{t.last ? `${t.last.from === "admin" ? "You: " : ""}${t.last.text}` : ""}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <form onSubmit={submit} className="space-y-2 rounded-lg border border-stone-200 p-3" aria-label={`Conversation with ${open.player}`}>
          <input type="hidden" name="player" value={open.player} />
          <ol className="max-h-64 space-y-1.5 overflow-y-auto text-sm" data-testid="chat-thread">
            {open.messages.map((m) => (
              <li key={m.id} data-from={m.from} className={m.from === "admin" ? "text-stone-600" : ""}>
                <span className="font-medium">{m.from === "admin" ? m.name : "Participant"}:</span> <span className="whitespace-pre-wrap">{m.text}</span>
              </li>
            ))}
          </ol>
          <textarea name="text" rows={2} aria-label={`Message to ${open.player}`} value={text} onChange={(e) => setText(e.target.value)} className={inputStyles} />
          <div className="flex flex-wrap items-center gap-2">
            <button type="submit" name="action" value="chat" disabled={pending} className={buttonStyles.primary}>
              Send
            </button>
            <button type="submit" name="action" value={open.repliesAllowed ? "repliesOff" : "repliesOn"} formNoValidate disabled={pending} className={buttonStyles.secondary}>
              {open.repliesAllowed ? "Stop replies" : "Allow replies"}
            </button>
            <span className="text-xs text-stone-500">{open.repliesAllowed ? "This player may reply." : "This player cannot reply."}</span>
          </div>
          <ActionMessage state={state} pending={pending} />
        </form>
      ) : null}
    </div>
  );
}
