// The rules of a room, as functions of its stored row (shared by the join, the admin pages
// and the waiting-page sockets).

import type { Room } from "../../store/generated/client.ts";
import { hasConfig } from "../../project.ts";
import { roomLabelsColumn } from "../../store/columns.ts";

export const roomLabels = (room: Pick<Room, "labels">): string[] | null => (room.labels === null ? null : roomLabelsColumn.read(room.labels));

/** Free join: no access codes to check and no capacity, so anyone is let in. */
export function isFreeJoin(room: Pick<Room, "labels" | "capacity">): boolean {
  const labels = roomLabels(room);
  return (labels === null || labels.length === 0) && room.capacity === null;
}

/** The most players its session may have: the capacity, else one per label; null = no limit. */
export function effectiveCapacity(room: Pick<Room, "labels" | "capacity">): number | null {
  const labels = roomLabels(room);
  return room.capacity ?? (labels && labels.length > 0 ? labels.length : null);
}

/** Whether a participant with this (constrained) label may enter: the list's codes, any code for [], anyone without a list. */
export function acceptsLabel(room: Pick<Room, "labels">, label: string): boolean {
  const labels = roomLabels(room);
  if (labels === null) return true;
  return label !== "" && (labels.length === 0 || labels.includes(label));
}

/**
 * Whether the room lets new participants in now: it is open, and has a session or a config to
 * create one from (else they wait). A config the project no longer has counts as none, for
 * the join and the waiting pages alike, so the two never send a waiting page round in circles.
 */
export function letsIn(room: Pick<Room, "open" | "config">, hasSession: boolean): boolean {
  return room.open && (hasSession || (room.config !== null && hasConfig(room.config)));
}
