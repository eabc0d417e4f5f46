import { api, newToken } from "../../helpers/api";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
beforeAll(async () => (server = await startServer({ env: { SPROUT_API_RATE_LIMIT: "5" } })));
afterAll(() => server?.stop());

test("each token has its own fixed window of requests per minute; over it, 429 with Retry-After", async () => {
  const [a, b] = [await newToken(server, "read"), await newToken(server, "read")];
  for (let i = 0; i < 5; i++) expect((await api(server, a, "GET", "/configs/")).status).toBe(200);
  const over = await api(server, a, "GET", "/configs/");
  expect(over.status).toBe(429);
  expect(over.body.error).toMatch(/Too many requests/);
  expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await api(server, b, "GET", "/configs/")).status).toBe(200);
});
