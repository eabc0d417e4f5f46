import { defineApp, integer, page, radio, string } from "@/lib/experiment";
import tests from "./bot-tests";

/** A three-page introduction: a question per field kind, then a summary of the answers. */
export default defineApp({
  tests,
  name: "hello",
  description: "A short first study: name, age and a favourite season",
  pages: [
    page({
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
    }),
    page({
      name: "Season",
      title: "Seasons",
      fields: {
        season: radio({
          label: "Which season do you like best?",
          choices: [["spring", "Spring"], ["summer", "Summer"], ["autumn", "Autumn"], ["winter", "Winter"]],
        }),
      },
    }),
    page({
      name: "Summary",
      render: async ({ player }) => (
        <p>
          Thank you, {await player.get<string>("nickname")}. You told us you are {await player.get<number>("age")} and like{" "}
          {await player.get<string>("season")} best. You are participant number {player.index + 1}; your greeting was
          prepared by the study: {await player.get<string>("greeting")}
        </p>
      ),
    }),
  ],
  newSession: async ({ session }) => {
    await session.set("startedBy", "the first participant");
  },
  newPlayer: async ({ player, session }) => {
    await player.set("greeting", `${session.settings.greeting ?? "Hello"}!`);
  },
});
