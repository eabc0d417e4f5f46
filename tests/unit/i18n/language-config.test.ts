import { defineProject, defineApp, page } from "@/lib/experiment";
import { participantLocale } from "@/lib/project";

const app = defineApp({ name: "lang_probe", pages: [page({ name: "P" })] });

test("a config or project with a language Sprout does not have is refused with a one-line message naming the choices", () => {
  const bad = () => defineProject({ configs: { study: { apps: [app], language: "it" as "de" } }, admins: ["admin"] });
  expect(bad).toThrow('Config "study": language "it" is not supported: use one of "en", "de", "fr", "es" or "browser" (the participant\'s browser chooses among those)');
  expect(() => defineProject({ configs: { study: { apps: [app], language: "DE" as "de" } }, admins: ["admin"] })).toThrow(/language "DE" is not supported/);
  expect(() => defineProject({ configs: { study: { apps: [app] } }, admins: ["admin"], language: 7 as unknown as "de" })).toThrow('Project: language 7 is not supported');
  for (const language of ["en", "de", "fr", "es", "browser"] as const) expect(() => defineProject({ configs: { study: { apps: [app], language } }, admins: ["admin"], language })).not.toThrow();
});

test("the fixture project's configs: a fixed language ignores the browser; 'browser' follows it, else English; no config: English", () => {
  expect(participantLocale("deutsch", "fr-FR,fr")).toBe("de");
  expect(participantLocale("browser_language", "fr-FR,fr;q=0.9")).toBe("fr");
  expect(participantLocale("browser_language", "ja")).toBe("en");
  expect(participantLocale("basics", "de")).toBe("en");
  expect(participantLocale(null, "de")).toBe("en");
  expect(participantLocale("no_such_config", null)).toBe("en");
});
