import { recordWrites } from "@/lib/store/field-log";
import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Payments (the "screening" config: GBP, 0.0333 per point, a fee of 1.50 for finishers) through
// the API: amounts exact to the cent over many rounds, both CSVs, mark as paid.

let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server);
});
afterAll(() => server?.stop());

/** Payoffs written as a hook would: `values[r]` in round r+1 of app "screening". */
async function payoffs(sessionId: number, playerId: number, values: (number | string)[]) {
  await server.db.$transaction((tx) =>
    recordWrites(
      tx,
      values.map((value, r) => ({ owner: { kind: "player" as const, id: playerId, sessionId }, key: "payoff", value, context: { app: "screening", round: r + 1, position: r }, provenance: { byKind: "hook" as const, hook: "afterOnce" } })),
    ),
  );
}

/** A participant let in by the sessionwide link with this Prolific ID, started. */
async function enter(s: { name: string; secret: string }, pid: string) {
  const res = await fetch(`${server.url}/s/${s.name}/${s.secret}/?PROLIFIC_PID=${pid}`, { method: "POST", redirect: "manual" });
  const url = new URL(res.headers.get("location")!, server.url).toString();
  await submitCurrent(url);
  return url;
}

test("points to money: per app and round, the last payoff counts; conversion, rounding and the fee exact to the cent; both CSVs; mark as paid", async () => {
  const s = await newSession(server, "screening", 4);
  // One after another: the sessionwide link gives free slots in order, so A, B and C are players 0, 1 and 2.
  const [a, b, c] = [await enter(s, "AAAA1111"), await enter(s, "BBBB2222"), await enter(s, "CCCC3333")];
  const players = await server.db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  const byUrl = (url: string) => players.find((p) => url.endsWith(`/${p.name}/`))!;
  // A: 1,000 rounds of 0.1 points (a float sum drifts: 99.9999999999986): 100 points → 3.33 (3.330), finished: + 1.50.
  await payoffs(s.id, byUrl(a!).id, Array.from({ length: 1000 }, () => 0.1));
  await submitCurrent(a!, { age: 30 });
  await submitCurrent(a!, { answer: 1 });
  // B: round 1 written twice (the last counts: 15), round 2 = 0.15 → 15.15 points → 0.504495 → 0.50; screened out: no fee.
  await payoffs(s.id, byUrl(b!).id, [99, 0.15]);
  await payoffs(s.id, byUrl(b!).id, [15]);
  await submitCurrent(b!, { age: 10 });
  // C: still playing, 45 points → 1.4985 → 1.50.
  await payoffs(s.id, byUrl(c!).id, [45]);

  const got = await api(server, token, "GET", `/sessions/${s.name}/payments/`);
  expect(got.status).toBe(200);
  expect(got.body).toMatchObject({ currency: "GBP", pointValue: "0.0333", fee: "1.50", rounding: "nearest" });
  const rows = got.body.players.map((r: Record<string, unknown>) => [r.id, r.status, r.points, r.bonus, r.fee, r.total, r.paidAt]);
  expect(rows).toEqual([
    ["AAAA1111", "finished", "100", "3.33", "1.50", "4.83", null],
    ["BBBB2222", "screened out", "15.15", "0.50", "0.00", "0.50", null],
    ["CCCC3333", "playing", "45", "1.50", "0.00", "1.50", null],
    [null, "not started", "0", "0.00", "0.00", "0.00", null],
  ]);
  expect(got.body.totals).toEqual({ bonus: "5.33", fee: "1.50", total: "6.83", unpaid: "6.83" });

  const bonus = await api(server, token, "GET", `/sessions/${s.name}/payments/bonus.csv`);
  expect([bonus.status, bonus.headers.get("content-type"), bonus.body]).toEqual([200, "text/csv; charset=utf-8", "AAAA1111,3.33\r\nBBBB2222,0.50\r\nCCCC3333,1.50\r\n"]);
  const all = await api(server, token, "GET", `/sessions/${s.name}/payments/payments.csv`);
  expect(all.body.split("\r\n").slice(0, 3)).toEqual([
    "session,player,index,label,id,status,points,currency,bonus,fee,total,paidAt",
    `${s.name},${players[0]!.name},0,AAAA1111,AAAA1111,finished,100,GBP,3.33,1.50,4.83,`,
    `${s.name},${players[1]!.name},1,BBBB2222,BBBB2222,screened out,15.15,GBP,0.50,0.00,0.50,`,
  ]);

  const paid = await api(server, token, "POST", `/sessions/${s.name}/payments/paid/`, { players: [players[0]!.name, players[1]!.name] });
  expect(paid).toMatchObject({ status: 200, body: { changed: 2, message: "Marked 2 players as paid." } });
  const again = await api(server, token, "POST", `/sessions/${s.name}/payments/paid/`, { players: [players[0]!.name] });
  expect(again.body).toMatchObject({ changed: 0, message: "Marked 0 players as paid (1 already were)." });
  const after = await api(server, token, "GET", `/sessions/${s.name}/payments/`);
  expect(after.body.players[0].paidAt).toEqual(expect.any(String));
  expect(after.body.totals.unpaid).toBe("1.50");
  const [audit] = await latestAudit(server.db, { session: s.name, take: 1 });
  expect(audit).toMatchObject({ action: "players.markPaid", detail: { players: [players[0]!.name], changed: 0 } });
  const unpaid = await api(server, token, "POST", `/sessions/${s.name}/payments/paid/`, { players: [players[1]!.name], paid: false });
  expect(unpaid.body).toMatchObject({ changed: 1 });
});

test("a config without payment lists statuses with no money; bad requests get a clear 4xx", async () => {
  const s = await newSession(server, "basics", 1);
  const none = await api(server, token, "GET", `/sessions/${s.name}/payments/`);
  expect(none.status).toBe(200);
  expect(none.body).toMatchObject({ currency: null, totals: { total: "0.00" }, players: [{ status: "not started", points: "0", bonus: "0.00" }] });
  expect((await api(server, token, "GET", `/sessions/${s.name}/payments/bonus.csv`)).body).toBe("");
  expect((await api(server, token, "GET", `/sessions/nosuch/payments/`)).status).toBe(404);
  expect((await api(server, token, "GET", `/sessions/nosuch/payments/bonus.csv`)).status).toBe(404);
  const empty = await api(server, token, "POST", `/sessions/${s.name}/payments/paid/`, { players: [] });
  expect([empty.status, JSON.stringify(empty.body)]).toEqual([422, expect.stringContaining("Choose at least one player")]);
  expect((await api(server, token, "POST", `/sessions/${s.name}/payments/paid/`, { players: ["nobody"] })).status).toBe(404);
  const readOnly = await newToken(server, "read");
  expect((await api(server, readOnly, "POST", `/sessions/${s.name}/payments/paid/`, { players: ["x"] })).status).toBe(403);
});
