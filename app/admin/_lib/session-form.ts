import { InvalidInputError } from "@/lib/errors";
import type { TCreateSession } from "@/lib/engine/admin/sessions";
import { parseJsonObject } from "@/lib/store/json";
import { formText } from "./action";

/** A JSON settings field; a problem is reported on the field. */
export function jsonSettings(text: string): Record<string, unknown> {
  try {
    return parseJsonObject(text);
  } catch (e) {
    if (e instanceof InvalidInputError) throw new InvalidInputError(e.message, { settings: [e.message] });
    throw e;
  }
}

/** The new-session form (also the room page's), as the engine's input. */
export function sessionInputOf(form: FormData): TCreateSession & { config: string; players: number } {
  const players = formText(form, "players").trim();
  const playerNames = formText(form, "playerNames").split(/\r?\n/).map((n) => n.trim()).filter(Boolean);
  const settingsText = formText(form, "settings");
  return {
    config: formText(form, "config"),
    players: /^\d{1,9}$/.test(players) ? Number(players) : Number.NaN,
    name: formText(form, "name").trim() || undefined,
    playerNames: playerNames.length ? playerNames : undefined,
    settings: settingsText.trim() === "" ? undefined : jsonSettings(settingsText),
    description: formText(form, "description").trim() || undefined,
    testing: formText(form, "testing") === "on",
  };
}
