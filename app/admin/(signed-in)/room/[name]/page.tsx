import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/admin/copy-button";
import { PageTitle } from "@/components/admin/page-title";
import { CapacityBadge, joinModeOf, RoomStateBadge } from "@/components/admin/room-card";
import { ActionButton } from "@/components/admin/action-button";
import { CapacityForm } from "@/components/admin/capacity-form";
import { RoomLobby } from "@/components/admin/room-lobby";
import { RoomSessionCard } from "@/components/admin/room-session-card";
import { RoomSettingsForm } from "@/components/admin/room-settings-form";
import { Card, Facts } from "@/components/ui/card";
import { roomDetail } from "@/lib/data/rooms";
import { roomWaiters } from "@/lib/realtime/rooms";
import { readDb } from "@/lib/store/db";
import { createRoomSessionAction, deleteRoomAction, disassociateRoomAction, setRoomCapacityAction, setRoomOpenAction, updateRoomSettingsAction } from "../../../_actions/rooms";
import { requireAdmin } from "../../../_lib/auth";
import { requestOrigin } from "../../../_lib/origin";
import { configChoices } from "../../../_lib/config-choices";

type Props = Readonly<{ params: Promise<{ name: string }> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Room ${(await params).name}` };
}

function statusText(room: { open: boolean; config: string | null; session: unknown }): string {
  if (!room.open) return "Closed: new participants wait until you reopen the room or create a session.";
  if (room.session) return "Open: new participants join the session below.";
  if (room.config) return "Open: the first participant to arrive starts a session of the room's config.";
  return "Open, but without a config: participants wait until you create a session below.";
}

export default async function RoomPage({ params }: Props) {
  await requireAdmin();
  const { name } = await params;
  const room = await roomDetail(readDb(), name);
  if (!room) notFound();
  const [base, waiters] = await Promise.all([requestOrigin(), roomWaiters(room.name)]);
  const roomUrl = `${base}/room/${encodeURIComponent(room.name)}/`;
  const configs = configChoices();
  const session = room.session;

  return (
    <>
      <PageTitle
        subtitle={<span data-testid="room-status">{statusText(room)}</span>}
        actions={
          <AdminLink href="/admin/rooms/" className="text-sm text-emerald-800 hover:underline">
            All rooms
          </AdminLink>
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          Room <span className="font-mono">{room.name}</span>
          <RoomStateBadge room={room} />
          <CapacityBadge room={room} />
        </span>
      </PageTitle>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="Participant link">
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded-lg bg-stone-100 px-3 py-1.5 text-sm" data-testid="room-link">
                {roomUrl}
              </code>
              <CopyButton text={roomUrl} />
            </div>
            <p className="mt-2 text-xs text-stone-500">
              {room.labels === null
                ? "Everyone uses this link. Add ?label=<code> to keep e.g. a cubicle number or a panel ID as the player's label."
                : "Participants enter their access code, or get a link with it (?label=<code>) from the list below."}
            </p>
          </Card>
          <RoomLobby
            room={room.name}
            roomUrl={roomUrl}
            labels={room.labels}
            joinedLabels={room.joinedLabels}
            initialWaiters={waiters}
            newSession={session ? null : { configs, initialConfig: room.config ?? configs[0]!.name, action: createRoomSessionAction.bind(null, room.name), capacity: room.effectiveCapacity }}
          />
        </div>

        <div className="min-w-0 space-y-6">
          <RoomSessionCard room={room.name} session={session} capacity={room.effectiveCapacity} disassociate={disassociateRoomAction.bind(null, room.name)} />

          <Card title="Room status">
            <Facts
              items={[
                ["Status", room.open ? "Open" : "Closed"],
                ["Config", room.config ? <span key="c" className="font-mono">{room.config}</span> : <span key="c" className="text-stone-400">None</span>],
                ["Labels", room.labels === null ? <span key="l" className="text-stone-400">None</span> : room.labels.length === 0 ? "Any access code" : `${room.labels.length}`],
                ["Capacity", room.effectiveCapacity === null ? "Unlimited" : room.capacity === null ? `${room.effectiveCapacity} (one per label)` : String(room.capacity)],
                ["Join mode", <span key="j" data-testid="join-mode">{joinModeOf(room)}</span>],
                ["Defined in", room.fromProject ? "the project file" : "the admin"],
              ]}
            />
            {session ? (
              <div className="mt-4 space-y-4 border-t border-stone-100 pt-4">
                {room.open ? (
                  <ActionButton action={setRoomOpenAction.bind(null, room.name)} fields={{ open: "false" }} label="Close room" hint="Stops accepting new participants; the session runs on and returning participants get back in." />
                ) : (
                  <ActionButton action={setRoomOpenAction.bind(null, room.name)} fields={{ open: "true" }} label="Reopen room" tone="primary" hint="Accepts new participants into the session again; those waiting are let in at once." />
                )}
                <CapacityForm room={room.name} capacity={room.capacity} action={setRoomCapacityAction.bind(null, room.name)} />
              </div>
            ) : null}
          </Card>

          <Card title="Room settings">
            {session ? (
              <p className="text-sm text-stone-600">To change the config, labels or capacity settings, first disassociate the session from this room.</p>
            ) : (
              <div className="space-y-6">
                <RoomSettingsForm
                  room={room.name}
                  configs={configs.map((c) => c.name)}
                  initial={{ config: room.config, labels: room.labels, capacity: room.capacity, open: room.open }}
                  action={updateRoomSettingsAction.bind(null, room.name)}
                  submitLabel="Save settings"
                />
                <div className="border-t border-stone-100 pt-4">
                  <ActionButton action={deleteRoomAction.bind(null, room.name)} label="Delete room" tone="danger" confirmText={`Delete room ${room.name}? Its link stops working.`} hint={room.fromProject ? "It is in the project file, so it comes back at the next start." : undefined} />
                </div>
              </div>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
