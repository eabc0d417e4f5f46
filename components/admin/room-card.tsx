import { AdminLink } from "./admin-link";
import { Badge } from "@/components/ui/badge";
import type { RoomSummary } from "@/lib/data/rooms";

export function joinModeOf(room: Pick<RoomSummary, "freeJoin">): string {
  return room.freeJoin ? "Free join" : "Restricted";
}

/** Players over capacity; green once the session has filled the room. */
export function CapacityBadge({ room }: Readonly<{ room: RoomSummary }>) {
  const cap = room.effectiveCapacity;
  const players = room.session?.players ?? 0;
  const tone = cap !== null && room.session && players >= cap ? "green" : "grey";
  return <Badge tone={tone}>{room.session ? `${players} / ${cap ?? "∞"} players` : `capacity ${cap ?? "∞"}`}</Badge>;
}

export function RoomStateBadge({ room }: Readonly<{ room: RoomSummary }>) {
  if (!room.open) return <Badge tone="red">closed</Badge>;
  return room.waiting ? <Badge tone="amber">open · no session or config</Badge> : <Badge tone="green">open</Badge>;
}

/** A room's key facts, for the dashboard and the rooms list; the name links to its page. */
export function RoomCard({ room }: Readonly<{ room: RoomSummary }>) {
  const labels = room.labels;
  return (
    <li className="rounded-lg border border-stone-200 p-3" data-testid={`room-${room.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <AdminLink href={`/admin/room/${encodeURIComponent(room.name)}/`} className="font-mono font-medium text-emerald-800 underline-offset-2 hover:underline">
          {room.name}
        </AdminLink>
        <span className="flex flex-wrap gap-1.5">
          <RoomStateBadge room={room} />
          <CapacityBadge room={room} />
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-stone-500">Session</dt>
        <dd className="min-w-0 truncate">
          {room.session ? (
            <AdminLink href={`/admin/session/${encodeURIComponent(room.session.name)}/`} className="font-mono text-emerald-800 hover:underline">
              {room.session.name}
            </AdminLink>
          ) : (
            <span className="text-stone-400">None</span>
          )}
        </dd>
        <dt className="text-stone-500">Config</dt>
        <dd className="font-mono">{room.config ?? <span className="font-sans text-stone-400">None</span>}</dd>
        <dt className="text-stone-500">Labels</dt>
        <dd title={labels?.slice(0, 5).join(", ")}>{labels === null ? <span className="text-stone-400">None</span> : labels.length === 0 ? "any code" : labels.length}</dd>
        <dt className="text-stone-500">Join mode</dt>
        <dd>{joinModeOf(room)}</dd>
      </dl>
    </li>
  );
}

/** Rooms as a grid of cards. */
export function RoomCards({ rooms, empty }: Readonly<{ rooms: RoomSummary[]; empty: string }>) {
  if (rooms.length === 0) return <p className="text-sm text-stone-500">{empty}</p>;
  return (
    <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
      {rooms.map((r) => (
        <RoomCard key={r.name} room={r} />
      ))}
    </ul>
  );
}
