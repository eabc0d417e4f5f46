import { defineApp, integer, page, radio, string, stored } from "@/lib/experiment";

/** The first page: its fields type `player.get(about, "nickname")` (a string) and `get(about, "age")` (a number). */
export const about = page({
  name: "About",
  title: "About you",
  fields: {
    nickname: string({ label: "What should we call you?", maxLength: 40 }),
    age: integer({ label: "How old are you?", min: 16, max: 120 }),
  },
  render: ({ fields }) => (
    <>
      <p>Welcome! This short study takes about a minute.</p>
      {fields}
    </>
  ),
});

export const season = page({
  name: "Season",
  title: "Seasons",
  fields: {
    season: radio({
      label: "Which season do you like best?",
      choices: [["spring", "Spring"], ["summer", "Summer"], ["autumn", "Autumn"], ["winter", "Winter"]],
    }),
  },
});

/** What the app's code stores, declared once: typed reads and writes, and labels in the data dictionary. */
export const welcome = stored({ greeting: string({ label: "The greeting prepared for the player (the session's greeting setting)" }) });
export const origin = stored({ startedBy: string({ label: "Who started the session" }) });

/** A three-page introduction: a question per field kind, then a summary of the answers. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "hello",
  description: "A short first study: name, age and a favourite season",
  stored: { player: welcome, session: origin },
  pages: [
    about,
    season,
    page({
      name: "Summary",
      render: async ({ player }) => (
        <p>
          Thank you, {await player.get(about, "nickname")}. You told us you are {await player.get(about, "age")} and like{" "}
          {await player.get(season, "season")} best. You are participant number {player.index + 1}; your greeting was
          prepared by the study: {await player.get(welcome, "greeting")}
        </p>
      ),
    }),
  ],
  newSession: async ({ session }) => {
    await session.set(origin, "startedBy", "the first participant");
  },
  newPlayer: async ({ player, session }) => {
    await player.set(welcome, "greeting", `${session.settings.greeting ?? "Hello"}!`);
  },
});
