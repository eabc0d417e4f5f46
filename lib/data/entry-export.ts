import type { Db } from "../store/db.ts";
import { entryParamsColumn } from "../store/columns.ts";
import { csvLines, type Cell } from "./csv.ts";
import { testingWhere, type TestingFilter } from "./sessions.ts";

/** What the export covers (exports.ts ExportScope, which imports this file). */
type ExportScope = { sessionId: number } | { testing: TestingFilter };

// entry.csv: the players' entry parameters (recruitment IDs such as PROLIFIC_PID). They are
// personal data, so the other exports leave them out (they never reach the field log) and
// this one file carries them: download it only where they are needed (paying, matching).

const PAGE = 1000;
const FIXED = ["session", "player", "index", "label"];

const sessionWhere = (scope: ExportScope) => ("sessionId" in scope ? { id: scope.sessionId } : testingWhere(scope.testing));

export async function* entryCsv(read: Db, scope: ExportScope): AsyncGenerator<string> {
  const sessions = await read.session.findMany({ where: sessionWhere(scope), orderBy: { id: "asc" }, select: { id: true, name: true } });
  // The columns: every parameter kept for some player in scope, in order of first appearance.
  const names = new Set<string>();
  for (const s of sessions) {
    for (let after = -1; ; ) {
      const rows = await read.player.findMany({ where: { sessionId: s.id, index: { gt: after }, entryParams: { not: null } }, orderBy: { index: "asc" }, take: PAGE, select: { index: true, entryParams: true } });
      for (const r of rows) for (const name of Object.keys(entryParamsColumn.read(r.entryParams!))) names.add(name);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.index;
    }
  }
  const params = [...names];
  let header = csvLines([[...FIXED, ...params, "erasedAt"]]);
  for (const s of sessions) {
    for (let after = -1; ; ) {
      const rows = await read.player.findMany({
        where: { sessionId: s.id, index: { gt: after } },
        orderBy: { index: "asc" },
        take: PAGE,
        select: { name: true, index: true, label: true, entryParams: true, entryErasedAt: true },
      });
      const lines = rows.map((p): Cell[] => {
        const kept = p.entryParams === null ? {} : entryParamsColumn.read(p.entryParams);
        return [s.name, p.name, p.index, p.label, ...params.map((n) => kept[n] ?? null), p.entryErasedAt?.toISOString() ?? null];
      });
      if (lines.length > 0 || header) yield header + csvLines(lines);
      header = "";
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.index;
    }
  }
  if (header) yield header;
}
