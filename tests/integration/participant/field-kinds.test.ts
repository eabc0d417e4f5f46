import { fieldError, getPage, postForm, shownValues, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { currentValues, newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const good = {
  s: "ab", t: "hello", i: "4", f: "0.75", d: "12,5", b: "1", r: "1", sel: "2", cb: ["0", "2"],
  l: "7", rg: "55", dt: "2024-02-29", e: "ann@example.org", opt: "",
};
const stored = {
  s: "ab", t: "hello", i: 4, f: 0.75, d: "12.50", b: true, r: 2, sel: "c", cb: ["x", "z"],
  l: 7, rg: 55, dt: "2024-02-29", e: "ann@example.org", opt: null, optb: false,
};
const bad: [string, string | string[], string][] = [
  ["s", "a", "Please enter at least 2 characters."],
  ["t", "x".repeat(21), "Please enter at most 20 characters."],
  ["i", "3", "Please enter a value in steps of 2."],
  ["f", "0.3", "Please enter a value in steps of 0.25."],
  ["d", "1.234", "Please use at most 2 decimal places."],
  ["b", "", "Please tick this box to continue."],
  ["r", "5", "Please choose one of the options."],
  ["sel", "", "Please choose one of the options."],
  ["cb", ["0", "1", "2"], "Please choose at most 2 options."],
  ["l", "8", "Please choose one of the options."],
  ["rg", "101", "Please enter a number of at most 100."],
  ["dt", "2023-02-29", "Please enter a date as YYYY-MM-DD."],
  ["e", "ann@", "Please enter an e-mail address like name@example.org."],
  ["opt", "seven", "Please enter a whole number."],
];

test("every field kind refuses bad input with its own message and stores nothing, then stores typed values", async () => {
  const { id, urls, players } = await newSession(server, "kinds");
  const url = urls[0]!;
  expect((await submitCurrent(url)).title).toBe("All");
  const before = await server.db.fieldWrite.count({ where: { sessionId: id } });
  const res = await postForm(url, { _position: 0, ...Object.fromEntries(bad.map(([k, v]) => [k, v])) });
  expect(res.status).toBe(303);
  const page = await getPage(url);
  expect(page.title).toBe("All");
  for (const [name, , message] of bad) expect([name, fieldError(page.html, name)]).toEqual([name, message]);
  expect(await server.db.fieldWrite.count({ where: { sessionId: id } })).toBe(before);

  const next = await submitCurrent(url, good);
  expect(next.title).toBe("Again");
  expect(await currentValues(server, id, players[0]!.name)).toMatchObject(stored);
});

test("a hostile form (prototype names, garbage) gets an answer, not a crash, and an oversized one a 413", async () => {
  const { urls } = await newSession(server, "kinds");
  await submitCurrent(urls[0]!);
  // Written out by hand: in an object literal __proto__ would set the prototype, not post a field.
  const body = "_position=0&__proto__=a&__proto__=b&constructor=x&toString=y&hasOwnProperty=z&cb=0";
  const res = await fetch(`${urls[0]}submit/`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  expect([res.status, res.headers.get("x-sprout-outcome")]).toEqual([303, "invalid"]);
  expect((await getPage(urls[0]!)).title).toBe("All");
  const big = await fetch(`${urls[0]}submit/`, { method: "POST", body: new URLSearchParams({ _position: "0", t: "x".repeat(1_100_000) }) });
  expect(big.status).toBe(413);
  expect(await big.text()).toContain("too large");
});

test("a prefilled page shows the stored values in every kind of input", async () => {
  const { urls } = await newSession(server, "kinds");
  await submitCurrent(urls[0]!);
  const page = await submitCurrent(urls[0]!, good);
  expect(page.title).toBe("Again");
  // Every input shows the stored value (the decimal in its stored form), the checkboxes as
  // ticked, and the optional integer left empty stays empty (its default is 5).
  expect(shownValues(page.html)).toMatchObject({ ...good, d: "12.50", b: ["1"], opt: "" });
  expect(shownValues(page.html).optb).toBeUndefined();
});
