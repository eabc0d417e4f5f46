import fs from "node:fs";
import Papa from "papaparse";
import type { BrowserContext } from "playwright-core";
import { playBot } from "@/lib/bots/bot";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, pressOnPage, screenshot } from "../helpers/browser";
import { fillLikeABot, pageFacts } from "../helpers/fill-form";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// The apps' exports and pipelines on the session's data page: an export downloads, a pipeline
// runs after a confirmation, shows its output, and the participant's open page refreshes.

let server: RunningServer;
const browsers: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

async function newPage() {
  const browser = await launchBrowser();
  browsers.push(browser);
  return browser.newPage();
}

describeInBrowser("the apps' exports and pipelines on the data page", () => {
  test("download an export; run a pipeline with JSON input (a bad one is refused); the participant sees its change", async () => {
    const s = await newSession(server, "public_goods", 3);
    // Bots take two seats and play to the end; the participant plays in Chromium up to Results and stays there.
    const others = Promise.all(s.urls.slice(1).map((url, i) => playBot({ url, playerIndex: i + 1 })));
    const participant = await newPage();
    const url = s.urls[0]!;
    await participant.goto(url);
    for (let step = 0; step < 40 && !(await participant.getByText(/You contributed/).isVisible()); step++) {
      const { state } = await pageFacts(participant);
      if ((await participant.locator("form[data-wait]").count()) > 0) {
        // A wait page changes in place when the group is complete; its Continue button asks again.
        await participant.waitForTimeout(300);
        const again = participant.getByRole("button", { name: "Continue" });
        if ((await participant.locator("form[data-wait]").count()) > 0 && (await again.isVisible())) await pressOnPage(participant, "Continue");
        continue;
      }
      if (state === "page") await fillLikeABot(participant);
      await pressOnPage(participant, state === "start" ? "Start" : "Next");
    }
    await participant.getByText(/You contributed/).waitFor();
    await others;

    const admin = await newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/data/`);
    await admin.getByRole("heading", { name: "The apps' exports and pipelines" }).waitFor();

    const exported = admin.getByTestId("app-export-public_goods-contributions");
    const [file] = await Promise.all([admin.waitForEvent("download"), exported.getByRole("button", { name: "Download contributions" }).click()]);
    expect(file.suggestedFilename()).toBe(`${s.name}-public_goods-contributions.csv`);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync((await file.path())!, "utf8"), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.player).sort()).toEqual(s.players.map((p) => p.name).sort());

    admin.on("dialog", (dialog) => void dialog.accept());
    const bonus = admin.getByTestId("app-export-public_goods-bonus");
    await bonus.getByLabel("Input (JSON)").fill('{"points": -3}');
    await bonus.getByRole("button", { name: "Run bonus" }).click();
    await bonus.getByRole("alert").filter({ hasText: "The input of public_goods.bonus is not valid: points:" }).waitFor();
    expect(await server.db.fieldWrite.count({ where: { sessionId: s.id, key: "bonus" } })).toBe(0);

    await bonus.getByLabel("Input (JSON)").fill('{"points": 7}');
    await bonus.getByRole("button", { name: "Run bonus" }).click();
    await bonus.getByRole("status").filter({ hasText: "public_goods.bonus ran: 6 field writes, 3 rows." }).waitFor();
    const output = (await bonus.getByTestId("pipeline-output").textContent())!;
    expect(output.split(/\r?\n/)[0]!.trim()).toBe("player,bonus,payoff");
    await screenshot(admin, "admin-app-exports", { fullPage: true });
    // The participant's page refreshed on its own and shows the bonus.
    await participant.getByText(/including a bonus of 7/).waitFor({ timeout: 15_000 });
    expect(await server.db.auditEntry.count({ where: { session: s.name, action: "session.pipeline" } })).toBe(1);
  });
});
