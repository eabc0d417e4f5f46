import type { Page } from "playwright-core";
import { describeInBrowser, launchBrowser, pressOnPage, screenshot } from "../helpers/browser";
import { fillForm, fillLikeABot, pageFacts } from "../helpers/fill-form";
import { startServer, type RunningServer } from "../helpers/server";
import { currentValues, newSession } from "../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const shot = (page: Page, name: string) => screenshot(page, `js-survey-${name}`, { fullPage: true });

async function press(page: Page, url: string, button = "Next") {
  await pressOnPage(page, button);
  expect(page.url()).toBe(url);
}

describeInBrowser("the survey with JavaScript on", () => {
  test("a participant answers every kind of question, is stopped by the consistency rule, goes back, and finishes", async () => {
    const s = await newSession(server, "survey");
    const url = s.urls[0]!;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      // With JavaScript the start page submits itself.
      await page.getByRole("heading", { name: "Welcome" }).waitFor();
      expect((await pageFacts(page)).path).toBe("survey/Consent");
      await page.getByLabel("I have read the information above and agree to take part.").check();
      await press(page, url);

      // About: an age that does not fit the date of birth is refused with a message at the age field.
      await fillForm(page, { nickname: "Robin", age: "30", birthDate: "1990-06-15", country: "1", contact: "" });
      await press(page, url);
      const ageError = page.locator("#field-age-error");
      await expect(ageError.textContent()).resolves.toMatch(/^Your date of birth means you are \d+; please check/);
      await expect(page.getByLabel("Your age").getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(page.getByLabel("A nickname").inputValue()).resolves.toBe("Robin");
      await shot(page, "about-refused");
      const stored = await fillLikeABot(page);
      await press(page, url);

      // Week: typed in, ticked and chosen like a person.
      expect((await pageFacts(page)).path).toBe("survey/Week");
      await page.getByLabel("Hours of study per week").fill("12.5");
      await page.getByLabel("Monthly budget for food (€)").fill("250,5");
      await page.getByLabel("English").check();
      await page.getByLabel("Dutch").check();
      await page.getByLabel("Bike").check();
      await shot(page, "week");
      await press(page, url);

      // Opinions: the slider's value is shown as it moves; Back returns to Week, showing what was stored.
      await page.getByRole("radio", { name: "6" }).check();
      const slider = page.getByLabel("How much would you pay for a study guide (€)?");
      await slider.focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
      await expect(slider.inputValue()).resolves.toBe("65");
      await expect(page.locator("output[for=field-willingness]").textContent()).resolves.toBe("65");
      await shot(page, "opinions");
      await press(page, url, "Back");
      expect((await pageFacts(page)).path).toBe("survey/Week");
      await expect(page.getByLabel("Monthly budget for food (€)").inputValue()).resolves.toBe("250.50");
      await expect(page.getByLabel("Dutch").isChecked()).resolves.toBe(true);
      await fillLikeABot(page);
      await press(page, url);
      await page.getByRole("radio", { name: "6" }).check();
      await page.getByLabel("Anything else you want to tell us?").fill("Thanks!");
      await press(page, url);

      await page.getByRole("heading", { name: "Your answers" }).waitFor();
      await press(page, url);
      await page.getByText("You have reached the end of this study").waitFor();
      await shot(page, "end");

      const values = await currentValues(server, s.id, s.players[0]!.name);
      expect(values).toMatchObject({ consent: true, nickname: stored.nickname, age: stored.age, birthDate: stored.birthDate, satisfaction: 6, comment: "Thanks!" });
      const weeks = await server.db.fieldWrite.findMany({ where: { sessionId: s.id, key: "budget" }, orderBy: { seq: "asc" } });
      expect(weeks[0]!.value).toBe('"250.50"');
      expect(weeks).toHaveLength(2);
    } finally {
      await browser.close();
    }
  });
});
