import { boolean, checkboxes, date, decimal, defineApp, email, float, integer, likert, page, radio, range, select, string, textarea } from "@/lib/experiment";

/** Whole years between a birth date ("YYYY-MM-DD") and today. */
function yearsSince(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  const hadBirthday = today.getUTCMonth() + 1 > m || (today.getUTCMonth() + 1 === m && today.getUTCDate() >= d);
  return today.getUTCFullYear() - y - (hadBirthday ? 0 : 1);
}

/** The pages with fields the summary reads: their fields type `get(about, "nickname")` and the rest. */
export const about = page({
  name: "About",
  title: "About you",
  fields: {
    nickname: string({ label: "A nickname", help: "Any name we can use to greet you.", maxLength: 30 }),
    age: integer({ label: "Your age", min: 16, max: 100 }),
    birthDate: date({ label: "Your date of birth", min: "1920-01-01", max: "2010-12-31" }),
    country: select({ label: "Where do you study?", choices: [["de", "Germany"], ["fr", "France"], ["nl", "Netherlands"], ["other", "Elsewhere"]] }),
    contact: email({ label: "E-mail for the results", help: "Optional: we send a summary when the study is over.", optional: true }),
  },
  validate: ({ age, birthDate }) => {
    const years = yearsSince(birthDate);
    if (Math.abs(years - age) > 1) return { age: `Your date of birth means you are ${years}; please check your age or your date of birth.` };
  },
});

export const week = page({
  name: "Week",
  title: "Your week",
  // A participant who comes Back from the next page sees their answers again.
  prefill: true,
  fields: {
    studyHours: float({ label: "Hours of study per week", min: 0, max: 80, step: 0.5 }),
    budget: decimal({ label: "Monthly budget for food (€)", places: 2, min: 0, max: 5000 }),
    languages: checkboxes({ label: "Languages you study in", choices: ["English", "German", "French", "Dutch", "Spanish"], min: 1, max: 3 }),
    commute: radio({ label: "How do you usually get to class?", choices: ["Walk", "Bike", "Public transport", "Car"], layout: "horizontal" }),
  },
});

export const opinions = page({
  name: "Opinions",
  allowBack: true,
  fields: {
    satisfaction: likert({ label: "I am satisfied with my studies.", min: 1, max: 7, labelMin: "Disagree", labelMax: "Agree" }),
    willingness: range({ label: "How much would you pay for a study guide (€)?", min: 0, max: 100, step: 5, labelMin: "€0", labelMax: "€100" }),
    comment: textarea({ label: "Anything else you want to tell us?", optional: true, maxLength: 2000 }),
  },
});

/** A student survey that uses every field kind, with a rule across fields (age vs. birth date). */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "survey",
  description: "A student survey: every kind of question, with a consistency check",
  pages: [
    page({
      name: "Consent",
      title: "Welcome",
      fields: { consent: boolean({ label: "I have read the information above and agree to take part." }) },
      render: ({ fields }) => (
        <>
          <p>This survey asks about your background, your week and your opinions. It takes about five minutes. Your answers are stored without your name.</p>
          {fields}
        </>
      ),
    }),
    about,
    week,
    opinions,
    page({
      name: "Summary",
      title: "Your answers",
      render: async ({ player }) => (
        <>
          <p>Thank you, {await player.get(about, "nickname")}. Here is what you told us:</p>
          <ul className="list-disc pl-6">
            <li>{await player.get(week, "studyHours")} hours of study a week</li>
            <li>a food budget of €{await player.get(week, "budget")} a month</li>
            <li>satisfaction {await player.get(opinions, "satisfaction")} of 7</li>
          </ul>
        </>
      ),
    }),
  ],
  bots: {
    // Age and date of birth must agree (the page's validate), so the bot picks them together.
    About: ({ rng }) => {
      const age = 18 + Math.floor(rng() * 40);
      const birth = new Date(Date.now() - (age + 0.5) * 365.25 * 86_400_000).toISOString().slice(0, 10);
      return { age: yearsSince(birth), birthDate: birth };
    },
  },
});
