import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../../helpers/paths";
import { PRODUCT_FOLDERS, productSources } from "../../helpers/product-sources";

// Stored JSON columns are read only through lib/store/columns.ts: one parser per column, so a
// column's shape is written down once and checked where it matters. Elsewhere JSON.parse may
// read only what is not a stored column; each such file says what it reads.
const NOT_COLUMNS: Record<string, string> = {
  "lib/store/columns.ts": "the columns module itself",
  "lib/store/json.ts": "settings and fields typed by an admin",
  "lib/api/handle.ts": "API request bodies",
  "lib/cli/api-client.ts": "the CLI's --data argument and the API's answers",
  "lib/code-version.ts": "the build stamp file",
  "lib/data/status.ts": "package.json files",
  "lib/data/dump.ts": "the lines of a dump file being restored",
  "lib/log.ts": "log lines being pretty-printed",
  "app/admin/_actions/rooms.ts": "the room form's assignee list",
  "components/admin/json-object-problem.ts": "JSON typed in an admin form",
  "components/participant/client/islands.tsx": "the props the server wrote beside an island",
  "lib/participant-page/assets.ts": "the participant assets' build manifest",
  "lib/engine/quality/signals.ts": "the signals a participant's browser posts with a form",
};

test("stored JSON columns are parsed only by lib/store/columns.ts", () => {
  const files = PRODUCT_FOLDERS.flatMap((f) => productSources(f));
  expect(files.length).toBeGreaterThan(100);
  const parsing = files.filter((f) => /JSON\.parse\(/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(parsing.filter((f) => !(f in NOT_COLUMNS))).toEqual([]);
  // A file that stopped parsing leaves the list, so the list stays true.
  expect(Object.keys(NOT_COLUMNS).filter((f) => !parsing.includes(f))).toEqual([]);
});
