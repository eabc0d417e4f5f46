import type { Page } from "playwright-core";
import { chooseValues } from "@/lib/bots/bot";

/** The page's state ("start", "page", "end", ...), path and round, from its markup. */
export async function pageFacts(page: Page) {
  const state = (await page.locator("[data-state]").getAttribute("data-state")) ?? "";
  const form = page.locator("form[data-page]");
  const path = (await form.count()) ? await form.getAttribute("data-page") : null;
  const round = (await form.count()) ? await form.getAttribute("data-round") : null;
  return { state, path, round: round === null ? null : Number(round) };
}

/** Fills the form as a person does, by each field's kind: typing, clicking, choosing, sliding. */
export async function fillForm(page: Page, values: Record<string, string | string[]>) {
  for (const [name, raw] of Object.entries(values)) {
    const field = page.locator(`[data-field="${name}"]`);
    const kind = await field.getAttribute("data-kind");
    const chosen = new Set(typeof raw === "string" ? [raw] : raw);
    switch (kind) {
      case "radio":
      case "likert":
        if (typeof raw === "string" && raw !== "") await field.locator(`input[value="${raw}"]`).check();
        break;
      case "checkboxes":
      case "boolean":
        for (const box of await field.locator("input[type=checkbox]").all()) await box.setChecked(chosen.has((await box.getAttribute("value")) ?? ""));
        break;
      case "select":
        await field.locator("select").selectOption(String(raw));
        break;
      case "range": {
        // A slider is moved, not typed into: set its value and tell listeners, as dragging would.
        await field.locator("input[type=range]").evaluate((el, v) => {
          (el as HTMLInputElement).value = v;
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }, String(raw));
        break;
      }
      default:
        await field.locator("input, textarea").fill(String(raw));
    }
  }
}

/** Fills the current page with what a bot would enter (its script, or random valid values). */
export async function fillLikeABot(page: Page) {
  const { path, round } = await pageFacts(page);
  const chosen = chooseValues(path, round, Math.random, 0);
  await fillForm(page, chosen.form);
  return chosen.stored;
}
