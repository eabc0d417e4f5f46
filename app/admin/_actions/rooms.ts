"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
import { createRoom, createRoomSession, deleteRoom, disassociateRoom, setRoomCapacity, setRoomOpen, updateRoomSettings } from "@/lib/engine/rooms/rooms";
import { parseLabels } from "@/lib/experiment/room-labels";
import { db } from "@/lib/store/db";
import { adminAction, boundAdminAction, formText, parseForm, ZBoundName } from "../_lib/action";
import { sessionInputOf } from "../_lib/session-form";

// The admin's room actions: thin wrappers over lib/engine/rooms.ts. Every one is checked by
// adminAction first; the room's admin tabs re-read it through their socket (room:changed).

/** The room the page binds to its actions. */
const onRoom = z.tuple([ZBoundName]);
const ZOpen = z.object({ open: z.enum(["true", "false"], { error: '"open" must be true or false' }).transform((v) => v === "true") });

const roomPage = (name: string) => `/admin/room/${encodeURIComponent(name)}/`;
/** This tab re-reads the room with the action's answer (its socket may be down); the others get room:changed. */
const refresh = (name: string) => revalidatePath(roomPage(name));

/** An optional whole number field: "" is null, anything else must be digits. */
function optionalCount(form: FormData, field: string, what: string): number | null {
  const text = formText(form, field).trim();
  if (text === "") return null;
  if (!/^\d{1,9}$/.test(text)) throw new InvalidInputError(`${what} must be a whole number`, { [field]: [`${what} must be a whole number`] });
  return Number(text);
}

/** The room settings form: config ("" none), labels (one per line, when "Use labels" is ticked), capacity ("" none), open. */
function roomSettingsOf(form: FormData) {
  return {
    config: formText(form, "config") || null,
    labels: formText(form, "useLabels") === "on" ? parseLabels(formText(form, "labels")) : null,
    capacity: optionalCount(form, "capacity", "Capacity"),
    open: formText(form, "open") === "on",
  };
}

export const createRoomAction = adminAction("createRoom", async (admin, form) => {
  const name = formText(form, "name").trim();
  await createRoom(db(), admin.name, name, roomSettingsOf(form));
  redirect(roomPage(name));
});

export const updateRoomSettingsAction = boundAdminAction("updateRoomSettings", onRoom, async (admin, form, room) => {
  await updateRoomSettings(db(), admin.name, room, roomSettingsOf(form));
  refresh(room);
  return "Room settings saved.";
});

export const deleteRoomAction = boundAdminAction("deleteRoom", onRoom, async (admin, _form, room) => {
  await deleteRoom(db(), admin.name, room);
  redirect("/admin/rooms/");
});

export const setRoomOpenAction = boundAdminAction("setRoomOpen", onRoom, async (admin, form, room) => {
  const { open } = parseForm(ZOpen, form);
  await setRoomOpen(db(), admin.name, room, open);
  refresh(room);
  return open ? "Room reopened: new participants can join, and those waiting are let in." : "Room closed: new participants wait; the session runs on.";
});

export const setRoomCapacityAction = boundAdminAction("setRoomCapacity", onRoom, async (admin, form, room) => {
  const capacity = formText(form, "limit") === "on" ? optionalCount(form, "capacity", "Capacity") : null;
  if (formText(form, "limit") === "on" && capacity === null) throw new InvalidInputError("Enter a capacity, or untick the limit", { capacity: ["Enter a capacity, or untick the limit"] });
  await setRoomCapacity(db(), admin.name, room, capacity);
  refresh(room);
  return capacity === null ? "The room has no capacity limit now." : `Capacity set to ${capacity}.`;
});

export const disassociateRoomAction = boundAdminAction("disassociateRoom", onRoom, async (admin, form, room) => {
  const close = formText(form, "close") === "true";
  const sname = await disassociateRoom(db(), admin.name, room, { close });
  refresh(room);
  return `Session ${sname} is no longer in this room${close ? ", and the room is closed" : ""}. The session runs on.`;
});

const ZAssignees = z.array(z.string().max(128)).max(100_000);

export const createRoomSessionAction = boundAdminAction("createRoomSession", onRoom, async (admin, form, room) => {
  let assignees: string[] = [];
  try {
    assignees = ZAssignees.parse(JSON.parse(formText(form, "assignees") || "[]"));
  } catch {
    throw new InvalidInputError("The waiting participants' labels could not be read; reload the page and try again");
  }
  const sname = await createRoomSession(db(), admin.name, room, { ...sessionInputOf(form), assignees, fixCapacity: formText(form, "fixCapacity") === "on" });
  redirect(`/admin/session/${encodeURIComponent(sname)}/?created=1`);
});
