"use client";

import { useState } from "react";
import type { RoomWaiter } from "@/lib/realtime/events";
import { Card } from "@/components/ui/card";
import { hintStyles } from "@/components/ui/styles";
import { CopyButton } from "./copy-button";
import { LiveDot, SignedOutNotice } from "./live-status";
import { NewSessionForm, type ConfigChoice } from "./new-session-form";
import type { AdminActionFn } from "./use-admin-form";
import { useAdminLive } from "./use-admin-live";

/**
 * The room's waiting participants, live: the server pushes the list as waiting pages open
 * and close, and a change to the room (another admin, a participant starting its session)
 * re-reads the page. Without a session it also offers to create one, its first slots
 * pre-assigned to the labels waiting at the moment of the click.
 */
export function RoomLobby({
  room,
  roomUrl,
  labels,
  joinedLabels,
  initialWaiters,
  newSession,
}: Readonly<{
  room: string;
  roomUrl: string;
  /** the room's access codes (null: none) */
  labels: string[] | null;
  /** labels already in the room's session */
  joinedLabels: string[];
  /** who waited when the page was rendered (the socket keeps it current) */
  initialWaiters: RoomWaiter[];
  /** the new-session form, when the room has no session */
  newSession: { configs: ConfigChoice[]; initialConfig: string; action: AdminActionFn; capacity: number | null } | null;
}>) {
  const [waiters, setWaiters] = useState(initialWaiters);
  // Fixing the capacity to the players follows whether anyone waits, until the admin decides:
  // a session made before anyone arrives should not be capped at 1.
  const [fixCapacity, setFixCapacity] = useState<boolean | null>(null);

  const status = useAdminLive(
    room,
    async (socket) => {
      const result = await socket.emitWithAck("room:watch", { room });
      if (result.ok) setWaiters(result.waiters);
      return result.ok;
    },
    (socket) => socket.on("room:waiters", (payload) => payload.room === room && setWaiters(payload.waiters)),
  );

  const here = new Set([...waiters.map((w) => w.label), ...joinedLabels]);
  const notHere = (labels ?? []).filter((l) => !here.has(l));
  const labelUrl = (label: string) => `${roomUrl}?label=${encodeURIComponent(label)}`;

  return (
    <>
      {status === "signed-out" ? <SignedOutNotice /> : null}
      <Card
        title={`Waiting now (${waiters.length})`}
        actions={<LiveDot status={status} />}
      >
        <p className="sr-only" aria-live="polite">
          {waiters.length} waiting
        </p>
        <div>
          {waiters.length === 0 ? (
            <p className="text-sm text-stone-500">Nobody is on the waiting page.</p>
          ) : (
            <ul className="flex flex-wrap gap-1.5" data-testid="waiting-labels">
              {waiters.map((w) => (
                <li key={w.label} className="rounded-full bg-emerald-50 px-2.5 py-0.5 font-mono text-xs text-emerald-900 ring-1 ring-emerald-600/20">
                  <span>{w.label}</span> <span className="font-sans text-emerald-700/70">since {new Date(w.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {labels && labels.length > 0 ? (
          <div className="mt-3">
            <p className="text-xs font-medium text-stone-500 uppercase">
              Not here ({notHere.length}){joinedLabels.length ? <span className="font-normal normal-case"> · {joinedLabels.length} in the session</span> : null}
            </p>
            <ul className="mt-1 flex max-h-40 flex-wrap gap-1.5 overflow-y-auto" data-testid="absent-labels">
              {notHere.map((l) => (
                <li key={l} className="rounded-full bg-stone-100 px-2.5 py-0.5 font-mono text-xs text-stone-600">
                  {l}
                </li>
              ))}
            </ul>
            <details className="mt-3">
              <summary className="cursor-pointer text-sm font-medium text-stone-800">Individual links ({labels.length})</summary>
              <div className="mt-2 flex justify-end">
                <CopyButton text={labels.map(labelUrl).join("\n")} label="Copy all links" copiedLabel="All links copied" />
              </div>
              <ul className="mt-2 max-h-72 divide-y divide-stone-100 overflow-y-auto rounded-lg border border-stone-200 text-sm">
                {labels.map((l) => (
                  <li key={l} className="flex items-center gap-3 px-3 py-1">
                    <span className="w-24 truncate font-mono text-xs">{l}</span>
                    <code className="min-w-0 flex-1 truncate text-xs text-stone-600">{labelUrl(l)}</code>
                    <CopyButton text={labelUrl(l)} className="rounded px-2 py-0.5 text-xs text-stone-600 hover:bg-stone-100" />
                  </li>
                ))}
              </ul>
            </details>
          </div>
        ) : null}
        <p className={`${hintStyles} mt-3`}>A participant counts as waiting while their waiting page is open and connected.</p>
      </Card>

      {newSession ? (
        <Card title="New session in this room">
          <NewSessionForm
            configs={newSession.configs}
            initialConfig={newSession.initialConfig}
            action={newSession.action}
            initialPlayers={Math.max(1, waiters.length)}
            playersNote={<span className="font-normal text-stone-500">({waiters.length} waiting now)</span>}
          >
            <input type="hidden" name="assignees" value={JSON.stringify(waiters.map((w) => w.label))} />
            <div>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="fixCapacity" checked={fixCapacity ?? waiters.length > 0} onChange={(e) => setFixCapacity(e.target.checked)} className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
                Set the room&apos;s capacity to the number of players
              </label>
              <p className={`${hintStyles} pl-6`}>
                The waiting participants get the first slots (in random order). Untick to let later arrivals grow the session; the capacity is now {newSession.capacity ?? "unlimited"}.
              </p>
            </div>
          </NewSessionForm>
        </Card>
      ) : null}
    </>
  );
}
