import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser } from "../helpers/browser";
import { TEST_ENGINE } from "../helpers/engine";
import { startServer, type RunningServer } from "../helpers/server";

// A participant waits in a room on instance B; the admin, on instance A, starts the room's
// session from the room page: B's waiting page moves on by itself. Once with the PostgreSQL
// adapter, once with Redis.
const REDIS_URL = process.env.SPROUT_TEST_REDIS_URL || "redis://127.0.0.1:6379";
const describeOnPostgres = TEST_ENGINE === "postgresql" ? (name: string, fn: () => void) => describeInBrowser(name, fn, { engines: "both" }) : describe.skip;

describeOnPostgres("a room's waiting page on one instance, its start on another", () => {
  const newPage = browserPages();
  for (const [joinedBy, env] of [["the PostgreSQL adapter", {}], ["Redis", { REDIS_URL }]] as const) {
    test(`joined by ${joinedBy}: the waiter on B moves in when the admin on A starts the session`, async () => {
      const a: RunningServer = await startServer({ env });
      const b: RunningServer = await startServer({ databaseUrl: a.databaseUrl, env });
      try {
        const admin = await newPage();
        admin.on("dialog", (d) => void d.accept());
        await admin.goto(autoLoginUrl(a)!);
        await admin.waitForURL(/\/admin\/dashboard\//);
        await admin.goto(`${a.url}/admin/rooms/new/`);
        await admin.getByLabel("Room name").fill("across");
        await admin.getByRole("button", { name: "Create room" }).click();
        await admin.waitForURL(/\/admin\/room\/across\/$/);

        const waiter = await newPage();
        await waiter.goto(`${b.url}/room/across/`);
        await waiter.getByRole("heading", { name: "Please wait" }).waitFor();
        await admin.getByText("(1 waiting now)").waitFor({ timeout: 10_000 }); // B's waiter, seen on A

        await admin.getByLabel("Config").first().selectOption("basics");
        await admin.getByLabel(/Number of players/).fill("2");
        await admin.getByRole("button", { name: "Create session" }).click();
        await waiter.waitForURL(new RegExp(`^${b.url}/p/`), { timeout: 15_000 });
        await waiter.getByLabel("Nickname").waitFor();
      } finally {
        await b.stop();
        await a.stop();
      }
    });
  }
});
