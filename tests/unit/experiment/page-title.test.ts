import { groupingWait, page } from "@/lib/experiment";
import { pageTitle, readableName } from "@/lib/experiment/page-title";

test("a page's title is its own, else its name made readable", () => {
  expect(pageTitle(page({ name: "About", title: "About you" }))).toBe("About you");
  expect(pageTitle(page({ name: "Intro" }))).toBe("Intro");
  expect(pageTitle(page({ name: "WaitForPartner" }))).toBe("Wait for partner");
  expect(pageTitle(groupingWait({ name: "Matching", size: 2 }))).toBe("Please wait");
});

test("names split at capitals, digits and underscores; words in capitals stay", () => {
  expect(readableName("WaitForPartner")).toBe("Wait for partner");
  expect(readableName("ReadTheFAQ")).toBe("Read the FAQ");
  expect(readableName("HTMLPage")).toBe("HTML page");
  expect(readableName("Round2Results")).toBe("Round2 results");
  expect(readableName("final_questions")).toBe("Final questions");
  expect(readableName("Q1")).toBe("Q1");
});
