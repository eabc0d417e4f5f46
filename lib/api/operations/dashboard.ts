import { z } from "zod";
import { listRooms } from "../../data/rooms.ts";
import { listSessions } from "../../data/sessions.ts";
import { listConfigs } from "../../project.ts";
import { readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { configOf, ZConfig } from "./configs.ts";
import { roomOf, ZRoom } from "./rooms.ts";
import { summary, ZSessionListed } from "./sessions.ts";

// The admin's Dashboard in one answer: the same reads as its page.

export const dashboardOperations = [
  operation({
    method: "GET",
    path: "/dashboard/",
    tag: "configs",
    summary: "Running sessions, rooms and configs (the admin's Dashboard)",
    full: false,
    response: z.object({ activeSessions: z.array(ZSessionListed), rooms: z.array(ZRoom), configs: z.array(ZConfig) }),
    run: async ({ caller }) => {
      const [active, rooms] = await Promise.all([listSessions(readDb(), { active: true }), listRooms(readDb())]);
      return {
        activeSessions: active.map((s) => ({ ...summary(s), started: s.started, dropouts: s.dropouts })),
        rooms: rooms.map((r) => roomOf(r, caller.origin)),
        configs: listConfigs().map(([n, c]) => configOf(n, c)),
      };
    },
  }),
];
