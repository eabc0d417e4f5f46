import { z } from "zod";
import { dumpResponse } from "../../data/dump-stream.ts";
import { databaseInfo, installedVersions, maskedEnvironment } from "../../data/status.ts";
import { readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";

// The Status page and the database dump.

export const systemOperations = [
  operation({
    method: "GET",
    path: "/status/",
    tag: "system",
    summary: "Database, installed versions and environment (secrets masked)",
    full: false,
    response: z.object({
      database: z.object({ kind: z.string(), file: z.string(), bytes: z.number() }),
      versions: z.record(z.string(), z.string()),
      environment: z.record(z.string(), z.string()).describe("Sprout's environment variables; secret values masked"),
    }),
    run: async () => ({
      database: await databaseInfo(readDb()),
      versions: Object.fromEntries(installedVersions()),
      environment: Object.fromEntries(maskedEnvironment()),
    }),
  }),
  operation({
    method: "GET",
    path: "/dump/",
    tag: "system",
    summary: "The whole database as a versioned dump (JSON Lines)",
    description: "Restore it with npm run sprout -- restore --file F. It holds the secret that signs admin logins, so it needs a full-access token.",
    full: true,
    response: { contentType: "application/x-ndjson", description: "the dump, streamed" },
    run: async ({ caller }) => dumpResponse(caller.actor),
  }),
];
