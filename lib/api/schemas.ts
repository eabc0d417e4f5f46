import { z } from "zod";

// Schemas several operations share. Each validates a request and, through z.toJSONSchema,
// describes it in the OpenAPI document: the descriptions here are the reference's text.

const name = (what: string) => z.string().min(1).max(128).describe(what);

export const ZSessionParams = z.object({ sname: name("the session's name") });
export const ZRoomParams = z.object({ room: name("the room's name") });
export const ZConfigParams = z.object({ cname: name("the config's name") });

/** A boolean in a query string: true/false (also 1/0). */
export const zQueryFlag = (description: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: "Use true or false" })
    .transform((v) => v === "true" || v === "1")
    .optional()
    .describe(description);

export const ZJsonObject = z.record(z.string(), z.unknown());

export const ZError = z.object({ error: z.string().describe("what went wrong, in a sentence") });
export const ZInvalid = ZError.extend({ fields: z.record(z.string(), z.string()).describe("each invalid field's name (a path like players.0 inside lists) with its message") });

/** What a changing player action answers: how many players it changed and what it did. */
export const ZActionResult = z.object({
  changed: z.number().int().describe("how many of the chosen players the action changed"),
  message: z.string().describe("what it did, in a sentence (as the admin page shows it)"),
});

const iso = z.string().describe("ISO 8601 time (UTC)");
export const zIso = () => iso;
export const zIsoOrNull = () => iso.nullable();
