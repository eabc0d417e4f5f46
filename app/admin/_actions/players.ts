"use server";

import { z } from "zod";
import {
  adjustDeadlines,
  advancePlayers,
  groupPlayers,
  markDropouts,
  movePlayersToEnd,
  revertPlayers,
  runNewPlayer,
  setPlayerFields,
  signalChosenPlayers,
  type ActionResult,
} from "@/lib/engine/admin/player-actions";
import { sendAdminChat, setChatReplies } from "@/lib/engine/chat/chat";
import { eraseEntryParams } from "@/lib/engine/recruitment/erase";
import { redirectToExit } from "@/lib/engine/recruitment/redirect";
import { playerLabels } from "@/lib/data/activity";
import { quoted } from "@/lib/data/audit-sentences";
import { playerList } from "@/lib/data/player-list";
import { db, readDb } from "@/lib/store/db";
import { parseJsonObject } from "@/lib/store/json";
import { boundAdminAction, parseForm, ZBoundName } from "../_lib/action";

// The engine checks what only it can (the players exist, a size fits, a message is not empty);
// the form's own shape is checked here, each action with the fields it takes.
const bare = <K extends string>(action: K) => z.object({ action: z.literal(action) });
const text = z.string().default("");
const ZPlayerForm = z.intersection(
  z.object({ player: z.array(z.string()).max(100_000) }),
  z.discriminatedUnion(
    "action",
    [
      bare("advance"),
      bare("revert"),
      bare("end"),
      bare("reload"),
      bare("dropout"),
      bare("newPlayer"),
      bare("repliesOn"),
      bare("repliesOff"),
      bare("eraseEntry"),
      bare("redirectCompletion"),
      bare("redirectScreenOut"),
      z.object({ action: z.literal("message"), text }),
      z.object({ action: z.literal("chat"), text }),
      z.object({ action: z.literal("redirect"), url: text }),
      z.object({ action: z.literal("fields"), fields: text }),
      z.object({
        action: z.literal("group"),
        mode: z.enum(["same", "reset", "bySize"], { error: "Choose how to group: same group, groups of a size, or reset" }),
        // Left for the engine to judge, with its own message ("", 0, too large).
        size: z.string().optional().transform((s) => (s !== undefined && /^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN)),
        shuffle: z.string().optional().transform((s) => s === "on"),
      }),
      z.object({ action: z.literal("time"), seconds: z.string().default("").transform((s) => (/^[+-]?\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN)) }),
    ],
    { error: "Unknown player action" },
  ),
);

type PlayerForm = z.infer<typeof ZPlayerForm>;

function run(admin: string, sname: string, form: PlayerForm): Promise<ActionResult> {
  const d = db();
  const players = form.player;
  switch (form.action) {
    case "advance":
      return advancePlayers(d, admin, sname, players);
    case "revert":
      return revertPlayers(d, admin, sname, players);
    case "end":
      return movePlayersToEnd(d, admin, sname, players);
    case "reload":
      return signalChosenPlayers(d, admin, sname, players, { kind: "reload" });
    case "message":
      return signalChosenPlayers(d, admin, sname, players, { kind: "message", text: form.text });
    case "redirect":
      return signalChosenPlayers(d, admin, sname, players, { kind: "redirect", url: form.url });
    case "dropout":
      return markDropouts(d, admin, sname, players);
    case "fields":
      return setPlayerFields(d, admin, sname, players, parseJsonObject(form.fields, "Fields"));
    case "group":
      return groupPlayers(d, admin, sname, players, form.mode === "bySize" ? { kind: "bySize", size: form.size, shuffle: form.shuffle } : { kind: form.mode });
    case "newPlayer":
      return runNewPlayer(d, admin, sname, players);
    case "time":
      return adjustDeadlines(d, admin, sname, players, form.seconds);
    case "chat":
      return sendAdminChat(d, admin, sname, players, form.text);
    case "repliesOn":
    case "repliesOff":
      return setChatReplies(d, admin, sname, players, form.action === "repliesOn");
    case "eraseEntry":
      return eraseEntryParams(d, admin, sname, players);
    case "redirectCompletion":
      return redirectToExit(d, admin, sname, players, "completion");
    case "redirectScreenOut":
      return redirectToExit(d, admin, sname, players, "screenOut");
  }
}

/**
 * The player monitor's and the chat's actions on chosen players, for the session the page
 * binds: the form names the action, the players (one "player" entry each) and the action's
 * own fields. A thin wrapper over lib/engine/admin/player-actions.
 */
export const playerAction = boundAdminAction("playerAction", z.tuple([ZBoundName]), async (admin, raw, sname) => {
  const form = parseForm(ZPlayerForm, raw, ["player"]);
  const result = await run(admin.name, sname, form);
  // The monitor updates by itself (deltas); every tab of the session, this one included,
  // re-reads the rest of the page (activity) once, on the engine's news (session:changed).
  // A message says what went to whom, so the admin sees it went out (and not to send it twice).
  if (form.action === "message") return `Sent ${quoted(form.text)} to ${playerList([...new Set(form.player)], await playerLabels(readDb(), sname, form.player))}.`;
  return result.message;
});
