import { io } from "socket.io-client";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

test("socket.io answers on the same port as the pages", async () => {
  const socket = io(server.url, { transports: ["websocket"], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    expect(socket.connected).toBe(true);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  } finally {
    socket.close();
  }
});
