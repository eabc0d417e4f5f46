import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/** The product's folders (what `npm start` runs), as checked by the architecture tests. */
export const PRODUCT_FOLDERS = ["lib", "app", "components", "experiments"];
const SKIP = /^lib\/store\/generated/;

/** Every TypeScript file of the product under `dir`, relative to the project root. */
export function productSources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (SKIP.test(rel)) continue;
    if (entry.isDirectory()) productSources(rel, out);
    else if (/\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}
