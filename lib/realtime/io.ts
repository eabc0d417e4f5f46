import type { Server } from "socket.io";

// Route handlers (Next bundle) and server.ts are separate module graphs in one process;
// they reach the one socket.io server through globalThis.
const globalForIo = globalThis as unknown as { sproutIo?: Server };

/** Called by createRealtime: the socket.io server of this process. */
export function setRealtime(io: Server): void {
  globalForIo.sproutIo = io;
}

/** The socket.io server, for reads (who waits in a room); undefined without one (the CLI, tests). */
export function realtime(): Server | undefined {
  return globalForIo.sproutIo;
}
