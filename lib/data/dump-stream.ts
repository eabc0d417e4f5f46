import { createDb } from "../store/db.ts";
import { log } from "../log.ts";
import { writeDump } from "./dump.ts";

// The dump as a download (the admin's Dump link and the API's dump), streamed as it is read.

/**
 * A stream fed by writeDump, one chunk ahead of the reader: each write waits until the
 * download has taken the chunk before, so a slow download slows the reading down.
 */
export function dumpStream(admin: string): ReadableStream<Uint8Array> {
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

/** The dump download's response; `who` (an admin, or token:NAME) is named in the log if it ends early. */
export function dumpResponse(who: string): Response {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "").replace("T", "-");
  return new Response(dumpStream(who), {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="sprout-dump-${stamp}.jsonl"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
