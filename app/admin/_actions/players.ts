"use server";

import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
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
} from "@/lib/engine/admin/player-actions";
import { sendAdminChat, setChatReplies } from "@/lib/engine/chat/chat";
import { eraseEntryParams } from "@/lib/engine/recruitment/erase";
import { redirectToExit } from "@/lib/engine/recruitment/redirect";
import { playerLabels } from "@/lib/data/activity";
import { quoted } from "@/lib/data/audit-sentences";
import { playerList } from "@/lib/data/player-list";
import { db, readDb } from "@/lib/store/db";
import { parseJsonObject } from "@/lib/store/json";
import { adminAction, formText } from "../_lib/action";

const ZKind = z.enum(["advance", "revert", "end", "reload", "message", "dropout", "redirect", "fields", "group", "newPlayer", "time", "chat", "repliesOn", "repliesOff", "eraseEntry", "redirectCompletion", "redirectScreenOut"], { error: "Unknown player action" });

/**
 * The player monitor's actions, one server action for all: the form names the action, the
 * session, the chosen players (one "player" entry each) and the action's own fields. A thin
 * wrapper over lib/engine/player-actions.
 */
export const playerAction = adminAction("playerAction", async (admin, form) => {
  const kind = ZKind.safeParse(formText(form, "action"));
  if (!kind.success) throw new InvalidInputError(kind.error.issues[0]!.message);
  const sname = formText(form, "sname");
  const players = form.getAll("player").filter((p): p is string => typeof p === "string");
  const d = db();
  const result = await (() => {
    switch (kind.data) {
      case "advance":
        return advancePlayers(d, admin.name, sname, players);
      case "revert":
        return revertPlayers(d, admin.name, sname, players);
      case "end":
        return movePlayersToEnd(d, admin.name, sname, players);
      case "reload":
        return signalChosenPlayers(d, admin.name, sname, players, { kind: "reload" });
      case "message":
        return signalChosenPlayers(d, admin.name, sname, players, { kind: "message", text: formText(form, "text") });
      case "redirect":
        return signalChosenPlayers(d, admin.name, sname, players, { kind: "redirect", url: formText(form, "url") });
      case "dropout":
        return markDropouts(d, admin.name, sname, players);
      case "fields":
        return setPlayerFields(d, admin.name, sname, players, parseJsonObject(formText(form, "fields"), "Fields"));
      case "group": {
        const mode = formText(form, "mode");
        if (mode === "same") return groupPlayers(d, admin.name, sname, players, { kind: "same" });
        if (mode === "reset") return groupPlayers(d, admin.name, sname, players, { kind: "reset" });
        if (mode !== "bySize") throw new InvalidInputError("Choose how to group: same group, groups of a size, or reset");
        const size = formText(form, "size").trim();
        return groupPlayers(d, admin.name, sname, players, { kind: "bySize", size: /^\d{1,6}$/.test(size) ? Number(size) : Number.NaN, shuffle: formText(form, "shuffle") === "on" });
      }
      case "newPlayer":
        return runNewPlayer(d, admin.name, sname, players);
      case "time": {
        const seconds = formText(form, "seconds").trim();
        return adjustDeadlines(d, admin.name, sname, players, /^[+-]?\d{1,6}$/.test(seconds) ? Number(seconds) : Number.NaN);
      }
      case "chat":
        return sendAdminChat(d, admin.name, sname, players, formText(form, "text"));
      case "repliesOn":
        return setChatReplies(d, admin.name, sname, players, true);
      case "repliesOff":
        return setChatReplies(d, admin.name, sname, players, false);
      case "eraseEntry":
        return eraseEntryParams(d, admin.name, sname, players);
      case "redirectCompletion":
        return redirectToExit(d, admin.name, sname, players, "completion");
      case "redirectScreenOut":
        return redirectToExit(d, admin.name, sname, players, "screenOut");
    }
  })();
  // The monitor updates by itself (deltas); every tab of the session, this one included,
  // re-reads the rest of the page (activity) once, on the engine's news (session:changed).
  // A message says what went to whom, so the admin sees it went out (and not to send it twice).
  if (kind.data === "message") return `Sent ${quoted(formText(form, "text"))} to ${playerList([...new Set(players)], await playerLabels(readDb(), sname, players))}.`;
  return result.message;
});
