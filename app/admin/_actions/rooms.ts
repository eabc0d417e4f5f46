"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
import { createRoom, createRoomSession, deleteRoom, disassociateRoom, setRoomCapacity, setRoomOpen, updateRoomSettings } from "@/lib/engine/rooms/rooms";
import { parseLabels } from "@/lib/experiment/room-labels";
import { db } from "@/lib/store/db";
import { adminAction, formText } from "../_lib/action";
import { sessionInputOf } from "../_lib/session-form";

// The admin's room actions: thin wrappers over lib/engine/rooms.ts. Every one is checked by
// adminAction first; the room's admin tabs re-read it through their socket (room:changed).

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

export const updateRoomSettingsAction = adminAction("updateRoomSettings", async (admin, form) => {
  await updateRoomSettings(db(), admin.name, formText(form, "room"), roomSettingsOf(form));
  refresh(formText(form, "room"));
  return "Room settings saved.";
});

export const deleteRoomAction = adminAction("deleteRoom", async (admin, form) => {
  await deleteRoom(db(), admin.name, formText(form, "room"));
  redirect("/admin/rooms/");
});

export const setRoomOpenAction = adminAction("setRoomOpen", async (admin, form) => {
  const open = formText(form, "open");
  if (open !== "true" && open !== "false") throw new InvalidInputError('"open" must be true or false');
  await setRoomOpen(db(), admin.name, formText(form, "room"), open === "true");
  refresh(formText(form, "room"));
  return open === "true" ? "Room reopened: new participants can join, and those waiting are let in." : "Room closed: new participants wait; the session runs on.";
});

export const setRoomCapacityAction = adminAction("setRoomCapacity", async (admin, form) => {
  const capacity = formText(form, "limit") === "on" ? optionalCount(form, "capacity", "Capacity") : null;
  if (formText(form, "limit") === "on" && capacity === null) throw new InvalidInputError("Enter a capacity, or untick the limit", { capacity: ["Enter a capacity, or untick the limit"] });
  await setRoomCapacity(db(), admin.name, formText(form, "room"), capacity);
  refresh(formText(form, "room"));
  return capacity === null ? "The room has no capacity limit now." : `Capacity set to ${capacity}.`;
});

export const disassociateRoomAction = adminAction("disassociateRoom", async (admin, form) => {
  const close = formText(form, "close") === "true";
  const sname = await disassociateRoom(db(), admin.name, formText(form, "room"), { close });
  refresh(formText(form, "room"));
  return `Session ${sname} is no longer in this room${close ? ", and the room is closed" : ""}. The session runs on.`;
});

const ZAssignees = z.array(z.string().max(128)).max(100_000);

export const createRoomSessionAction = adminAction("createRoomSession", async (admin, form) => {
  const room = formText(form, "room");
  let assignees: string[] = [];
  try {
    assignees = ZAssignees.parse(JSON.parse(formText(form, "assignees") || "[]"));
  } catch {
    throw new InvalidInputError("The waiting participants' labels could not be read; reload the page and try again");
  }
  const sname = await createRoomSession(db(), admin.name, room, { ...sessionInputOf(form), assignees, fixCapacity: formText(form, "fixCapacity") === "on" });
  redirect(`/admin/session/${encodeURIComponent(sname)}/?created=1`);
});
