import { groupMembersColumn } from "@/lib/store/columns";
import { postForm } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** A participant who sends the form again when the server says it is too busy (503), as the page asks them to. */
async function patientPost(url: string, form: Record<string, string | number>): Promise<Response> {
  for (;;) {
    const res = await postForm(url, form);
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("100 players reaching a grouping-by-rule page at once form only valid groups (one buyer, one seller), each player once", async () => {
  const s = await newSession(server, "byrule", 100);
  const starts = await Promise.all(s.urls.map((u) => patientPost(u, { _position: -1 })));
  expect(starts.every((r) => r.status === 303)).toBe(true);
  const players = await server.db.player.findMany({ where: { sessionId: s.id } });
  expect(players.every((p) => p.groupId !== null && p.position === 1)).toBe(true);
  const groups = await server.db.group.findMany({ where: { sessionId: s.id } });
  expect(groups).toHaveLength(50);
  const members = groups.flatMap((g) => groupMembersColumn.read(g.members));
  expect(members).toHaveLength(100);
  expect(new Set(members).size).toBe(100);
  const values = await server.db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "player", key: { in: ["side", "role"] } } });
  const of = (id: number, key: string) => JSON.parse(values.find((v) => v.ownerId === id && v.key === key)!.value!) as string;
  for (const g of groups) {
    const [buyer, seller] = groupMembersColumn.read(g.members);
    expect([of(buyer!, "side"), of(seller!, "side"), of(buyer!, "role"), of(seller!, "role")]).toEqual(["buyer", "seller", "buyer", "seller"]);
  }
  const runs = await server.db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "group", key: "groupedRuns" } });
  expect(runs.map((r) => r.value)).toEqual(Array(50).fill("1"));
});
