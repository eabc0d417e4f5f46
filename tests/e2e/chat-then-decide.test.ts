import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// The chat-then-decide example as people use it: two participants are paired, talk in their
// group's chat (live, under pseudonyms), then each decides; the admin reads the chat live on
// the session page while they talk.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** Writes a message in the page's chat and presses Enter (which sends it, not the page). */
async function say(page: Page, text: string) {
  const input = page.getByTestId("page-chat-input");
  await input.fill(text);
  await input.press("Enter");
  await page.getByTestId("page-chat-messages").getByText(text).waitFor({ timeout: 10_000 });
  await expect(input.inputValue()).resolves.toBe("");
}

describeInBrowser("chat, then decide", () => {
  test("two participants chat live and decide; the admin reads the chat live", async () => {
    const s = await newSession(server, "chat_decide", 2);
    const [admin, alice, bob] = [await newPage(), await newPage(), await newPage()];
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    const channels = admin.getByTestId("channel-chats");
    await channels.getByText("No messages between participants yet").waitFor({ timeout: 10_000 });

    await alice.goto(s.urls[0]!);
    await alice.getByRole("heading", { name: "Please wait" }).waitFor();
    await bob.goto(s.urls[1]!);
    for (const p of [alice, bob]) {
      await p.getByRole("heading", { name: "Talk to your partner" }).waitFor({ timeout: 10_000 });
      await p.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
      await p.getByTestId("page-chat-input").and(p.locator('[placeholder^="Write as Player"]')).waitFor({ timeout: 10_000 });
    }

    await say(alice, "Shall we both cooperate?");
    await bob.getByTestId("page-chat-messages").getByText("Shall we both cooperate?").waitFor({ timeout: 10_000 });
    await say(bob, "Yes, deal.");
    await alice.getByTestId("page-chat-messages").getByText("Yes, deal.").waitFor({ timeout: 10_000 });
    // Each sees the other under a pseudonym and themselves marked; never a player's link name.
    await expect(alice.getByTestId("page-chat-messages").textContent()).resolves.toMatch(/Player \d \(you\): Shall we both cooperate\?Player \d: Yes, deal\./);
    for (const p of s.players) await expect(alice.locator("main").textContent()).resolves.not.toContain(p.name);
    await screenshot(alice, "chat-decide-alice-talking");

    // The admin's session page shows the group's channel live, with who wrote each line.
    await channels.getByText("Yes, deal.").waitFor({ timeout: 10_000 });
    await expect(channels.textContent()).resolves.toContain(s.players[0]!.name);
    await channels.scrollIntoViewIfNeeded();
    await screenshot(admin, "chat-decide-admin-channels", { fullPage: true });

    for (const [p, choice] of [[alice, "Cooperate"], [bob, "Cooperate"]] as const) {
      await p.getByRole("button", { name: "Next" }).click();
      await p.getByRole("heading", { name: "Your decision" }).waitFor({ timeout: 10_000 });
      await p.getByLabel(choice).check();
      await p.getByRole("button", { name: "Next" }).click();
    }
    for (const p of [alice, bob]) {
      await p.getByRole("heading", { name: "Results" }).waitFor({ timeout: 10_000 });
      await expect(p.getByTestId("payoff").textContent()).resolves.toBe("3");
    }
    await screenshot(bob, "chat-decide-bob-results");
  });
});
