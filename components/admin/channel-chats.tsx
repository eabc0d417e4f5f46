"use client";

import { useCallback, useState } from "react";
import type { ChannelView } from "@/lib/realtime/events";
import { useChatFeed } from "./use-chat-feed";

/**
 * The participants' own chats of the session (pages with `chat`: each group's channel, the
 * session-wide one), read-only and live over the admin socket: every message shows the name
 * the participants saw and, for the admins, the player who wrote it.
 */
export function ChannelChats({ sname }: Readonly<{ sname: string }>) {
  const [channels, setChannels] = useState<ChannelView[]>([]);
  const reload = useCallback(async () => {
    const socket = socketRef.current;
    if (!socket) return false;
    const result = await socket.emitWithAck("chat:channels", { sname });
    if (result.ok) setChannels(result.channels);
    return result.ok;
  }, [sname]);
  const socketRef = useChatFeed(`channels:${sname}`, reload);

  if (channels.length === 0) return <p className="text-sm text-stone-600" data-testid="channel-chats">No messages between participants yet.</p>;
  return (
    <div className="space-y-3" data-testid="channel-chats">
      {channels.map((c) => (
        <section key={c.title} aria-label={c.title} className="rounded-lg border border-stone-200 p-3 text-sm">
          <h3 className="mb-1 font-medium">
            {c.title} <span className="font-normal text-stone-500">· {c.messages.length} message{c.messages.length === 1 ? "" : "s"}</span>
          </h3>
          <ol className="max-h-64 space-y-1 overflow-y-auto">
            {c.messages.map((m) => (
              <li key={m.id}>
                <span className="font-medium">{m.alias}</span> <span className="font-mono text-xs text-stone-500">({m.player})</span>: <span className="whitespace-pre-wrap">{m.text}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
