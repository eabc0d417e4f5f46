import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// A page that cannot be rendered (here: a stored column damaged behind Sprout's back) shows its
// segment's error page, which says so and leads back to the page above it; the rest of the
// admin keeps working.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describeInBrowser("admin pages that fail", () => {
  test("the session page's error leads back to the sessions, a session subpage's back to its session", async () => {
    const broken = await newSession(server, "basics", 1);
    const fine = await newSession(server, "basics", 1);
    // Settings must be a JSON object (lib/store/columns.ts): a list is refused when read.
    await server.db.session.update({ where: { id: broken.id }, data: { settings: "[1, 2]" } });
    const admin = await newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);

    await admin.goto(`${server.url}/admin/session/${broken.name}/`);
    await admin.getByRole("alert").filter({ hasText: "Something went wrong while loading this page" }).waitFor();
    await screenshot(admin, "admin-page-error");
    await admin.getByRole("link", { name: "Back to the sessions" }).click();
    await admin.waitForURL(/\/admin\/sessions\/$/);
    await admin.getByRole("link", { name: fine.name }).first().waitFor();

    // A page under the session leads back to the session (its app list damaged too, now).
    await server.db.session.update({ where: { id: broken.id }, data: { apps: "not json" } });
    await admin.goto(`${server.url}/admin/session/${broken.name}/digest/`);
    await admin.getByRole("alert").filter({ hasText: "Something went wrong while loading this page" }).waitFor();
    await admin.getByRole("link", { name: "Back to the session" }).waitFor();
    expect(await admin.getByRole("link", { name: "Back to the session" }).getAttribute("href")).toBe(`/admin/session/${broken.name}/`);
  });
});
