import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { TEST_ENGINE } from "./engine";
import { describeNeeding } from "./needs";
import { TMP } from "./paths";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Debian's Chromium (or CHROMIUM_PATH), or null when none is installed. */
export const chromiumPath = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;

const INSTALL_HINT = "no Chromium found; install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)";

/**
 * `describe` for browser tests: run when Chromium is there, else skipped loudly (or failed in
 * CI: see describeNeeding). A page reads and writes through the same engine code on either
 * database, which the integration tests run on both; so browser tests run in the SQLite pass
 * only, unless their subject differs by engine (`engines: "both"`: presence rows, a
 * thousand-row monitor, instances sharing a database).
 */
export function describeInBrowser(name: string, fn: () => void, options: { engines?: "sqlite" | "both" } = {}) {
  if (TEST_ENGINE === "postgresql" && options.engines !== "both") return describe.skip(`${name} (browser tests: SQLite pass)`, fn);
  return describeNeeding({ found: chromiumPath !== null, what: "browser tests", hint: INSTALL_HINT, skipFile: "browser-skipped" }, name, fn);
}

/** A fresh headless Chromium profile, started the way this machine allows (STACK.md). */
export async function launchBrowser(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<BrowserContext> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath!,
    headless: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // The browser's language (its Accept-Language), for configs that follow it.
    ...(options.locale ? { locale: options.locale } : {}),
    viewport: { width: 1100, height: 800 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export const SCREENSHOTS = path.join(TMP, "screenshots");

/**
 * Pages for a test file, each in a browser of its own (separate cookies: several participants
 * and an admin), all closed after the file's tests.
 */
export function browserPages(): () => Promise<Page> {
  const browsers: BrowserContext[] = [];
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });
  return async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    return browser.newPage();
  };
}

/** Saves `page` as tests/.tmp/screenshots/<name>.png, to look at after a run. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), ...options });
}

/**
 * Presses a button of a participant page's form. With JavaScript the form is sent in place and
 * the answer swapped in: this resolves once the old page's root has left the document (the
 * address stays the participant's).
 */
export async function pressOnPage(page: Page, button: string): Promise<void> {
  const before = await page.locator("#sprout-root").elementHandle();
  await page.getByRole("button", { name: button }).click();
  // A page that navigated instead (the start page posts itself as the document loads) is as good.
  await page.waitForFunction((root) => !root?.isConnected, before).catch((e: Error) => {
    if (!/context was destroyed|navigat/i.test(e.message)) throw e;
  });
  await page.waitForLoadState();
}
