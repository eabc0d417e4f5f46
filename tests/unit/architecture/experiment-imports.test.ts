import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../../helpers/paths";
import { productSources } from "../../helpers/product-sources";

// Experiment code (the project's apps and the test fixtures) sees the framework only through
// the authoring API: `@/lib/experiment` on the server, `@/lib/experiment/client` in client
// components. Everything else may change without breaking a researcher's apps.
const ALLOWED = /^(@\/lib\/experiment|@\/lib\/experiment\/client|@\/experiments\/project|react|zod|\..*)$/;

test("experiment code imports only the authoring API (and its own files, react, zod)", () => {
  const files = [...productSources("experiments"), ...productSources("tests/fixtures")];
  expect(files.length).toBeGreaterThan(5);
  const outside = files.flatMap((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    return [...text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!).filter((spec) => !ALLOWED.test(spec)).map((spec) => `${file}: ${spec}`);
  });
  expect(outside).toEqual([]);
});
