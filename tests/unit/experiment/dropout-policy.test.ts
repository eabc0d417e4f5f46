import { defineApp, page, type DropoutPolicy } from "@/lib/experiment";

// An app's dropout policy is checked at start: a mistake names the app.

const withPolicy = (dropout: unknown) => () => defineApp({ name: "game", pages: [page({ name: "P" })], dropout: dropout as DropoutPolicy });

test("the three policies, a seat given back, the group's end with a message", () => {
  for (const ok of [{ then: "fewer" }, { then: "bot" }, { then: "bot", seatBack: true }, { then: "endGroup", message: "Your partner left." }]) expect(withPolicy(ok)).not.toThrow();
});

test.each([
  ["bot", 'dropout must be an object such as { then: "bot" }'],
  [{ then: "robot" }, 'dropout then must be "fewer", "bot" or "endGroup", not "robot"'],
  [{ then: "bot", seatback: true }, "unknown dropout option seatback"],
  [{ then: "fewer", seatBack: true }, 'seatBack is for then: "bot"'],
  [{ then: "bot", seatBack: "yes" }, "dropout seatBack must be true or false"],
  [{ then: "bot", message: "hi" }, 'dropout message is a text, for then: "endGroup"'],
])("the policy %j stops the start", (dropout, message) => expect(withPolicy(dropout)).toThrow(`App "game", dropout: ${message}`));
