"use client";

import { AdminLink } from "./admin-link";
import { useState, type FormEvent } from "react";
import { Card, Facts } from "@/components/ui/card";
import { buttonStyles, hintStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

const sessionPage = (sname: string) => `/admin/session/${encodeURIComponent(sname)}/`;

/**
 * The room's session with its Disassociate buttons. Disassociating removes the session from
 * the page, so the confirmation is kept here, in the session's place, until the page is left.
 */
export function RoomSessionCard({
  room,
  session,
  capacity,
  disassociate,
}: Readonly<{ room: string; session: { name: string; players: number; started: number } | null; capacity: number | null; disassociate: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(disassociate);
  // The session this tab took out of the room, for the link in the confirmation.
  const [left, setLeft] = useState<string | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    const question = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.dataset.confirm;
    if (question && !window.confirm(question)) return e.preventDefault();
    setLeft(session?.name ?? null);
    onSubmit(e);
  };

  if (!session) {
    if (!state?.ok || !left) return null;
    return (
      <Card title="Session">
        <div role="status" data-testid="disassociated" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          <p>✓ {state.message}</p>
          <AdminLink href={sessionPage(left)} className="mt-1 inline-block font-medium text-emerald-800 underline-offset-2 hover:underline">
            Open session {left}
          </AdminLink>
        </div>
      </Card>
    );
  }

  return (
    <Card title="Session">
      <Facts
        items={[
          [
            "Session",
            <AdminLink key="s" href={sessionPage(session.name)} className="font-mono text-emerald-800 hover:underline">
              {session.name}
            </AdminLink>,
          ],
          ["Players", <span key="p" data-testid="room-players">{`${session.players} / ${capacity ?? "∞"} (${session.started} started)`}</span>],
        ]}
      />
      <form onSubmit={submit} className="mt-4 space-y-3">
        <div>
          <button type="submit" name="close" value="false" data-confirm={`Disassociate session ${session.name} from this room?`} disabled={pending} className={buttonStyles.secondary}>
            Disassociate
          </button>
          <p className={hintStyles}>Unlinks the session (it runs on) so the room can be used for a new one.</p>
        </div>
        <div>
          <button type="submit" name="close" value="true" data-confirm={`Disassociate session ${session.name} and close the room?`} disabled={pending} className={buttonStyles.secondary}>
            Disassociate and close
          </button>
          <p className={hintStyles}>The same, and new participants wait.</p>
        </div>
        <ActionMessage state={state} pending={pending} />
      </form>
    </Card>
  );
}
