import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../../helpers/paths";
import { PRODUCT_FOLDERS, productSources } from "../../helpers/product-sources";

// No two modules of the product import each other, directly or round a circle: each layer
// can be read, tested and moved without the others. Static imports count (types too: a
// circle of types is still a knot for the reader); `await import()` is a deliberate late load.

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.posix.join(path.posix.dirname(from), spec) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return null;
}

/** Each file's static imports of other product files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of PRODUCT_FOLDERS.flatMap((f) => productSources(f))) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const specs = [...text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
    graph.set(file, specs.map((s) => resolve(file, s)).filter((t): t is string => t !== null && t !== file));
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test("the product's modules import each other in one direction only (no circles)", () => {
  const graph = importGraph();
  expect(graph.size).toBeGreaterThan(100); // the walk found the code
  expect(circles(graph)).toEqual([]);
});
