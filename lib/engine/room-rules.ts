// The rules of a room, as functions of its stored row (shared by the join, the admin pages
// and the waiting-page sockets).

import { hasConfig } from "./project.ts";

export interface RoomRow {
  name: string;
  config: string | null;
  /** JSON array, or null (no access codes) */
  labels: string | null;
  capacity: number | null;
  open: boolean;
}

export const roomLabels = (room: Pick<RoomRow, "labels">): string[] | null => (room.labels === null ? null : (JSON.parse(room.labels) as string[]));

/** Free join: no access codes to check and no capacity, so anyone is let in. */
export function isFreeJoin(room: Pick<RoomRow, "labels" | "capacity">): boolean {
  const labels = roomLabels(room);
  return (labels === null || labels.length === 0) && room.capacity === null;
}

/** The most players its session may have: the capacity, else one per label; null = no limit. */
export function effectiveCapacity(room: Pick<RoomRow, "labels" | "capacity">): number | null {
  const labels = roomLabels(room);
  return room.capacity ?? (labels && labels.length > 0 ? labels.length : null);
}

/** Whether a participant with this (constrained) label may enter: the list's codes, any code for [], anyone without a list. */
export function acceptsLabel(room: Pick<RoomRow, "labels">, label: string): boolean {
  const labels = roomLabels(room);
  if (labels === null) return true;
  return label !== "" && (labels.length === 0 || labels.includes(label));
}

/** New participants wait while the room is closed, or while it has neither a session nor a config to create one from. */
export function isWaiting(room: Pick<RoomRow, "open" | "config">, hasSession: boolean): boolean {
  return !room.open || (!hasSession && room.config === null);
}

/**
 * Whether the room lets new participants in now. A config the project no longer has counts as
 * none (they wait for the admin), here and for the waiting pages alike, so the two never
 * disagree and send a waiting page round in circles.
 */
export function letsIn(room: RoomRow, hasSession: boolean): boolean {
  const config = room.config !== null && hasConfig(room.config) ? room.config : null;
  return !isWaiting({ open: room.open, config }, hasSession);
}
