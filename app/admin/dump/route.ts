import { writeDump } from "@/lib/data/dump";
import { createDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../_lib/auth";
import { log } from "@/lib/log";
import { onlyAllows } from "@/lib/http";

/**
 * The whole database as a dump download (see lib/data/dump.ts), streamed as it is read:
 * memory stays flat, and a slow download slows the reading down. Restore it with
 * `npm run sprout -- restore --file F`.
 */
export async function GET() {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "").replace("T", "-");
  return new Response(dumpStream(admin.name), {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="sprout-dump-${stamp}.jsonl"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * A stream fed by writeDump, one chunk ahead of the reader: each write waits until the
 * download has taken the chunk before, so a slow download slows the reading down.
 */
function dumpStream(admin: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false;
  let wake: (() => void) | null = null;
  const resume = () => {
    wake?.();
    wake = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = async (chunk: string) => {
          if (cancelled) throw new Error("the download was cancelled");
          controller.enqueue(encoder.encode(chunk));
          while ((controller.desiredSize ?? 0) <= 0 && !cancelled) await new Promise<void>((r) => (wake = r));
        };
        void runDump(write, admin).then(
          () => !cancelled && controller.close(),
          (e: unknown) => !cancelled && controller.error(e),
        );
      },
      pull: resume,
      cancel() {
        cancelled = true;
        resume();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Runs the dump on a connection of its own: it is one long read transaction (a consistent
 * snapshot), and on the shared connection other requests' reads would run inside it and see
 * stale data. A download the browser cancels, or a database error midway, ends the response
 * early (the dump then lacks its end line, so a restore refuses it) and is logged; it never
 * takes the server down.
 */
async function runDump(write: (chunk: string) => Promise<void>, admin: string): Promise<void> {
  const read = createDb();
  try {
    await writeDump(read, write);
  } catch (e) {
    log.warn({ admin, err: e instanceof Error ? e.message.split("\n")[0] : String(e) }, "database dump ended early");
    throw e;
  } finally {
    await read.$disconnect().catch(() => undefined);
  }
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
