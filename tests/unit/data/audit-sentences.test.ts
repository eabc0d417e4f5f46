import { auditSentence, playersNamedIn } from "@/lib/data/audit-sentences";
import { playerList } from "@/lib/data/player-list";

const say = (action: string, detail: Record<string, unknown> = {}, labels = new Map<string, string>()) => auditSentence({ action, detail }, labels);

test("session controls read as what the admin did", () => {
  expect(say("session.create", { config: "basics", players: 4 })).toBe("created the session with 4 players (config basics)");
  expect(say("session.create", { config: "basics", players: 1, room: "lab" })).toBe("created the session with 1 player (config basics, room lab)");
  expect(say("session.pause", { active: false })).toBe("paused the session");
  expect(say("session.resume", { active: true })).toBe("resumed the session");
  expect(say("session.markTesting", { testing: true })).toBe("marked the session as a test run");
  expect(say("session.unmarkTesting", { testing: false })).toBe("unmarked the session as a test run");
  expect(say("session.describe", { description: "Pilot\nwith staff" })).toBe("changed the description to “Pilot with staff”");
  expect(say("session.describe", { description: "" })).toBe("removed the description");
  expect(say("session.updateSettings", { settings: { rounds: 3, greeting: "hi" } })).toBe('changed the settings to rounds = 3, greeting = "hi"');
  expect(say("session.updatePayment", { payment: { currency: "GBP", pointValue: "0.02", fee: "1.50", rounding: "up" } })).toBe("set the payment to 0.02 GBP per point, a fee of 1.50 GBP, rounding up");
  expect(say("session.runNewSession", { hooks: 2 })).toBe("ran newSession (2 apps)");
  expect(say("session.runNewSession", { hooks: 0 })).toBe("ran newSession (no app defines it)");
  expect(say("session.monitorFields", { fields: ["age", "nickname"] })).toBe("showed age, nickname as monitor columns");
  expect(say("session.monitorFields", { fields: [] })).toBe("removed the monitor's field columns");
});

test("player actions name the players, with their labels where they have one", () => {
  const two = { players: ["alice", "bob"], changed: 2 };
  expect(say("players.group.bySize", { size: 2, shuffle: false, ...two })).toBe("grouped alice and bob into pairs");
  expect(say("players.group.bySize", { size: 3, shuffle: true, players: ["a", "b", "c"], changed: 3 })).toBe("grouped a, b and c into groups of 3, shuffled");
  expect(say("players.group.same", two)).toBe("grouped alice and bob into one group");
  expect(say("players.group.reset", two)).toBe("removed alice and bob from their groups");
  expect(say("players.message", { text: "Please raise your hand", players: ["alice"], changed: 1 })).toBe("sent a message to alice: “Please raise your hand”");
  expect(say("players.redirect", { url: "https://example.org/", ...two })).toBe("redirected alice and bob to https://example.org/");
  expect(say("players.setFields", { fields: { bonus: 3 }, ...two })).toBe("set bonus = 3 on alice and bob");
  expect(say("players.markDropout", two)).toBe("marked alice and bob as dropped out");
  expect(say("players.reload", two)).toBe("reloaded the pages of alice and bob");
  expect(say("players.runNewPlayer", two)).toBe("ran newPlayer for alice and bob");
  expect(say("players.moveToEnd", two)).toBe("moved alice and bob to the end");
  expect(say("players.adjustTimeout", { seconds: 60, ...two })).toBe("gave alice and bob 60 s more on their page");
  expect(say("players.adjustTimeout", { seconds: -30, ...two })).toBe("took 30 s off the time of alice and bob on their page");
  expect(say("players.revert", two)).toBe("moved alice and bob back one page");
  // Those the action could not change are counted.
  expect(say("players.advance", { players: ["alice", "bob"], changed: 1 })).toBe("advanced alice and bob one page (1 unchanged)");
  expect(say("players.advance", { players: ["k7x2m9p4q8r3s5t6"], changed: 1 }, new Map([["k7x2m9p4q8r3s5t6", "A1"]]))).toBe("advanced k7x2m9p4q8r3s5t6 (A1) one page");
});

test("room actions on a session read as sentences", () => {
  expect(say("room.open", { room: "lab" })).toBe("opened room lab");
  expect(say("room.close", { room: "lab" })).toBe("closed room lab");
  expect(say("room.capacity", { room: "lab", capacity: 12 })).toBe("set the capacity of room lab to 12");
  expect(say("room.capacity", { room: "lab", capacity: null })).toBe("removed the capacity limit of room lab");
  expect(say("room.disassociate", { room: "lab", closed: true })).toBe("took the session out of room lab and closed the room");
  expect(say("room.createSession", { room: "lab", assigned: 2, fixCapacity: false })).toBe("created the session in room lab, with places for the 2 participants waiting");
});

test("long texts are cut on one line; many players are counted, not listed", () => {
  const long = say("players.message", { text: "x".repeat(200), players: ["alice"], changed: 1 });
  expect(long).toBe(`sent a message to alice: “${"x".repeat(79)}…”`);
  const many = Array.from({ length: 10 }, (_, i) => `p${i}`);
  expect(say("players.reload", { players: many, changed: 10 })).toBe("reloaded the pages of p0, p1, p2, p3, p4, p5 and 4 more");
  expect(say("session.updateSettings", { settings: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } })).toBe("changed the settings to a = 1, b = 2, c = 3, d = 4 and 2 more");
});

test("an action without a sentence of its own still shows what it did, uncut", () => {
  expect(say("players.teleport", { to: "moon", players: ["alice"] })).toBe('players.teleport: to "moon", players ["alice"]');
  expect(say("something.new")).toBe("something.new");
});

test("the players named in a list of entries, each once, for one label query", () => {
  const entries = [
    { action: "players.reload", detail: { players: ["alice", "bob"] } },
    { action: "session.pause", detail: { active: false } },
    { action: "players.message", detail: { players: ["bob", "carol"], text: "hi" } },
  ];
  expect(playersNamedIn(entries)).toEqual(["alice", "bob", "carol"]);
});

test("a player list reads as English", () => {
  expect(playerList([])).toBe("no players");
  expect(playerList(["alice"])).toBe("alice");
  expect(playerList(["alice", "bob", "carol"], new Map([["bob", "seat 2"]]))).toBe("alice, bob (seat 2) and carol");
});
