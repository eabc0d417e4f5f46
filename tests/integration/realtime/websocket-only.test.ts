import { startServer, type RunningServer } from "../../helpers/server";
import { connectParticipant } from "../../helpers/sockets";
import { newSession } from "../../helpers/sessions";

// Sockets are WebSocket only, so a load balancer in front of several instances needs no
// sticky sessions: HTTP long-polling (whose requests could land on different instances) is
// refused, and a WebSocket connects.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

test("long-polling is refused, a WebSocket connects", async () => {
  const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
  expect(polling.status).toBe(400);
  expect(await polling.text()).toMatch(/Transport unknown/);
  const s = await newSession(server, "basics", 1);
  const tab = await connectParticipant(server.url, s.urls[0]!);
  expect(tab.connected).toBe(true);
  tab.close();
});
