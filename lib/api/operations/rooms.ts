import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { listRooms, roomDetail, type RoomSummary } from "../../data/rooms.ts";
import { createRoom, createRoomSession, deleteRoom, disassociateRoom, setRoomCapacity, setRoomOpen, updateRoomSettings } from "../../engine/rooms/rooms.ts";
import { ZCreateSession } from "../../engine/admin/sessions.ts";
import { db, readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { zIso, zQueryFlag, ZRoomParams } from "../schemas.ts";
import { sessionAnswer, ZSessionDetail } from "./sessions.ts";

// Rooms: the admin's Rooms pages and room controls (lib/engine/rooms/rooms.ts).

export const ZRoom = z.object({
  name: z.string(),
  config: z.string().nullable().describe("the config a session is started from when the first participant arrives"),
  labels: z.array(z.string()).nullable().describe("accepted access codes; null: none asked; []: any code"),
  capacity: z.number().int().nullable(),
  effectiveCapacity: z.number().int().nullable().describe("the capacity in force (else the number of labels); null: no limit"),
  open: z.boolean(),
  freeJoin: z.boolean(),
  waiting: z.boolean().describe("new participants wait (closed, or nothing to start a session from)"),
  fromProject: z.boolean().describe("defined in the project file"),
  createdAt: zIso(),
  session: z.object({ name: z.string(), players: z.number().int(), started: z.number().int() }).nullable(),
  url: z.string().describe("the room's link for participants"),
});
const ZRoomDetail = ZRoom.extend({ joinedLabels: z.array(z.string()).describe("labels of the session's started players") });

const ZConfigName = z.string().min(1).nullable();
const ZLabels = z.array(z.string().max(128)).max(10_000).nullable();
const ZCapacity = z.number().int().min(1).max(10_000).nullable();

export const roomOf = (r: RoomSummary, origin: string) => ({ ...r, createdAt: r.createdAt.toISOString(), url: `${origin}/room/${encodeURIComponent(r.name)}/` });

async function roomAnswer(name: string, origin: string) {
  const r = await roomDetail(readDb(), name);
  if (!r) throw new NotFoundError(`There is no room "${name}"`);
  return { ...roomOf(r, origin), joinedLabels: r.joinedLabels };
}

export const roomOperations = [
  operation({
    method: "GET",
    path: "/rooms/",
    tag: "rooms",
    summary: "Every room, by name",
    full: false,
    response: z.object({ rooms: z.array(ZRoom) }),
    run: async ({ caller }) => ({ rooms: (await listRooms(readDb())).map((r) => roomOf(r, caller.origin)) }),
  }),
  operation({
    method: "POST",
    path: "/rooms/",
    tag: "rooms",
    summary: "Create a room",
    description: "open defaults to true when a config is given (participants then start a session themselves), else false.",
    full: true,
    body: z.object({ name: z.string().max(128), config: ZConfigName.default(null), labels: ZLabels.default(null), capacity: ZCapacity.default(null), open: z.boolean().optional() }).strict(),
    status: 201,
    response: ZRoomDetail,
    run: async ({ body, caller }) => {
      await createRoom(db(), caller.actor, body.name, { config: body.config, labels: body.labels, capacity: body.capacity, open: body.open ?? body.config !== null });
      return roomAnswer(body.name, caller.origin);
    },
  }),
  operation({
    method: "GET",
    path: "/rooms/{room}/",
    tag: "rooms",
    summary: "One room",
    full: false,
    params: ZRoomParams,
    response: ZRoomDetail,
    run: async ({ params, caller }) => roomAnswer(params.room, caller.origin),
  }),
  operation({
    method: "PATCH",
    path: "/rooms/{room}/",
    tag: "rooms",
    summary: "Change a room's config, labels, capacity or open",
    description: "Keys left out keep their values. Only while no session is associated (409 otherwise).",
    full: true,
    params: ZRoomParams,
    body: z.object({ config: ZConfigName.optional(), labels: ZLabels.optional(), capacity: ZCapacity.optional(), open: z.boolean().optional() }).strict(),
    response: ZRoomDetail,
    run: async ({ params, body, caller }) => {
      const now = await roomAnswer(params.room, caller.origin);
      await updateRoomSettings(db(), caller.actor, params.room, { config: now.config, labels: now.labels, capacity: now.capacity, open: now.open, ...body });
      return roomAnswer(params.room, caller.origin);
    },
  }),
  operation({
    method: "DELETE",
    path: "/rooms/{room}/",
    tag: "rooms",
    summary: "Delete a room",
    description: "Only while no session is associated (409 otherwise).",
    full: true,
    params: ZRoomParams,
    response: z.object({ name: z.string(), deleted: z.literal(true) }),
    run: async ({ params, caller }) => {
      await deleteRoom(db(), caller.actor, params.room);
      return { name: params.room, deleted: true as const };
    },
  }),
  operation({
    method: "PATCH",
    path: "/rooms/{room}/open/",
    tag: "rooms",
    summary: "Open or close a room",
    description: "Closed, new participants wait (a session runs on); reopened, those waiting come in.",
    full: true,
    params: ZRoomParams,
    body: z.object({ open: z.boolean() }).strict(),
    response: ZRoomDetail,
    run: async ({ params, body, caller }) => {
      await setRoomOpen(db(), caller.actor, params.room, body.open);
      return roomAnswer(params.room, caller.origin);
    },
  }),
  operation({
    method: "PATCH",
    path: "/rooms/{room}/capacity/",
    tag: "rooms",
    summary: "Set or lift a room's capacity",
    full: true,
    params: ZRoomParams,
    body: z.object({ capacity: ZCapacity }).strict(),
    bodyField: "capacity",
    response: ZRoomDetail,
    run: async ({ params, body, caller }) => {
      await setRoomCapacity(db(), caller.actor, params.room, body.capacity);
      return roomAnswer(params.room, caller.origin);
    },
  }),
  operation({
    method: "POST",
    path: "/rooms/{room}/sessions/",
    tag: "rooms",
    summary: "Create the room's session",
    description: "Its first slots go to `assignees` (labels of participants waiting now, shuffled, as the room page does); the room opens. fixCapacity sets the room's capacity to the number of players. 409 when the room already has a session.",
    full: true,
    params: ZRoomParams,
    body: ZCreateSession.extend({ assignees: z.array(z.string().max(128)).max(10_000).optional(), fixCapacity: z.boolean().optional() }).strict(),
    status: 201,
    response: ZSessionDetail,
    run: async ({ params, body, caller }) => sessionAnswer(await createRoomSession(db(), caller.actor, params.room, body), caller.origin),
  }),
  operation({
    method: "DELETE",
    path: "/rooms/{room}/sessions/",
    tag: "rooms",
    summary: "Disassociate the room's session (it runs on)",
    full: true,
    params: ZRoomParams,
    query: z.object({ close: zQueryFlag("also close the room") }).strict(),
    response: z.object({ session: z.string().describe("the session that was in the room"), closed: z.boolean() }),
    run: async ({ params, query, caller }) => ({ session: await disassociateRoom(db(), caller.actor, params.room, { close: query.close === true }), closed: query.close === true }),
  }),
];
