import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// The admin chat as people use it: the admin writes to a participant from the monitor, the
// chat panel appears on the participant's page, a reply (once allowed) arrives live in the
// session page's inbox as unread, opening it reads it, and the admin answers from there.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Console lines about the Content-Security-Policy: the chat must run under it untouched. */
function cspComplaints(page: Page): string[] {
  const lines: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) lines.push(m.text());
  });
  return lines;
}

/** Runs a button and waits for its outcome line. */
async function run(admin: Page, scope: ReturnType<Page["locator"]>, button: string, outcome: RegExp) {
  await scope.getByRole("button", { name: button, exact: true }).click();
  await scope.getByRole("status").or(scope.getByRole("alert")).filter({ hasText: outcome }).first().waitFor({ timeout: 10_000 });
}

describeInBrowser("the admin chat", () => {
  test("an admin's message reaches a participant, an allowed reply comes back to the inbox, and the admin answers", async () => {
    const s = await newSession(server, "basics", 2);
    const [a] = s.players.map((p) => p.name);
    const admin = await newPage();
    const alice = await newPage();
    const complaints = [...[admin, alice].map(cspComplaints)];
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    const inbox = admin.getByTestId("chat-inbox");
    await inbox.getByText("No conversations yet").waitFor();

    await alice.goto(s.urls[0]!);
    await alice.getByLabel("Nickname").waitFor();
    await alice.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    // No chat on the page until someone writes.
    await expect(alice.getByTestId("chat").count()).resolves.toBe(0);

    // The admin writes to Alice from the monitor.
    const monitor = admin.locator("form").filter({ has: admin.getByRole("button", { name: "Advance" }) });
    await admin.locator(`tr[data-player="${a}"]`).getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Chat…" }).click();
    await admin.getByLabel("Chat message").fill("Hello Alice, how is it going?");
    await run(admin, monitor, "Send chat message", /Sent the chat message to 1 player/);
    await admin.getByTestId("audit").getByText(`admin wrote in the chat to ${a}: “Hello Alice, how is it going?”`).waitFor({ timeout: 10_000 });

    // Alice sees a small button with a count; opening it shows the message, and no reply box yet.
    const toggle = alice.getByRole("button", { name: /Messages/ });
    await toggle.filter({ hasText: "1 new" }).waitFor({ timeout: 10_000 });
    await screenshot(alice, "chat-participant-button");
    await toggle.click();
    await alice.getByTestId("chat-messages").getByText("Hello Alice, how is it going?").waitFor();
    await alice.getByTestId("chat-no-replies").waitFor();

    // The admin allows replies: the reply box appears without a reload.
    await run(admin, monitor, "Allow replies", /Allowed replies for 1 player/);
    const reply = alice.getByLabel("Your reply");
    await reply.waitFor({ timeout: 10_000 });
    await reply.fill("Fine, thanks!");
    await reply.press("Enter");
    await alice.getByTestId("chat-messages").getByText("Fine, thanks!").waitFor({ timeout: 10_000 });
    await expect(reply.inputValue()).resolves.toBe("");
    await screenshot(alice, "chat-participant-open");

    // The reply arrives live in the session page's inbox, unread.
    await inbox.getByTestId("chat-unread").filter({ hasText: "1" }).waitFor({ timeout: 10_000 });
    await screenshot(admin, "chat-admin-unread", { fullPage: true });
    // Opening the thread shows it and reads it.
    await inbox.locator(`button[data-player="${a}"]`).click();
    await inbox.getByTestId("chat-thread").getByText("Fine, thanks!").waitFor({ timeout: 10_000 });
    await inbox.getByTestId("chat-unread").waitFor({ state: "detached", timeout: 10_000 });

    // The admin answers from the inbox; Alice's open panel shows it.
    await inbox.getByLabel(`Message to ${a}`).fill("Great, carry on.");
    await run(admin, inbox, "Send", /Sent the chat message to 1 player/);
    await alice.getByTestId("chat-messages").getByText("Great, carry on.").waitFor({ timeout: 10_000 });
    await inbox.getByTestId("chat-thread").getByText("Great, carry on.").waitFor({ timeout: 10_000 });
    await screenshot(admin, "chat-admin-thread", { fullPage: true });

    // Replies stopped from the inbox: Alice's box goes away.
    await run(admin, inbox, "Stop replies", /Stopped replies for 1 player/);
    await alice.getByTestId("chat-no-replies").waitFor({ timeout: 10_000 });

    // After a reload the conversation is still there (stored, read again on connect), and
    // what Alice saw is not counted as new again; a message sent meanwhile is.
    await alice.reload();
    await alice.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    await alice.getByRole("button", { name: /Messages/ }).waitFor({ timeout: 10_000 });
    await expect(alice.getByRole("button", { name: /Messages/ }).textContent()).resolves.toBe("Messages");
    await inbox.getByLabel(`Message to ${a}`).fill("One more thing.");
    await run(admin, inbox, "Send", /Sent the chat message to 1 player/);
    await alice.getByRole("button", { name: /Messages/ }).filter({ hasText: "1 new" }).waitFor({ timeout: 10_000 });
    await alice.reload();
    await alice.getByRole("button", { name: /Messages/ }).filter({ hasText: "1 new" }).waitFor({ timeout: 10_000 });
    await alice.getByRole("button", { name: /Messages/ }).click();
    await alice.getByTestId("chat-messages").getByText("Great, carry on.").waitFor({ timeout: 10_000 });
    expect(complaints.flat()).toEqual([]);
  });
});
