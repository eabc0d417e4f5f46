import type { ComponentType } from "react";

// Participant pages are rendered to HTML on the server without Next (lib/participant-page/);
// only their interactive parts run in the browser. Each such part is an island: the server
// writes its props beside its HTML, and the participant's small client bundle
// (components/participant/client/) hydrates it there. Ids are explicit, so the server and the
// browser bundle agree without a build step that rewrites modules.

/** Props an island can carry from the server to the browser: what JSON keeps. */
type Serializable = string | number | boolean | null | readonly Serializable[] | { readonly [key: string]: Serializable | undefined };

const registry = new Map<string, ComponentType<Record<string, unknown>>>();

/** The component registered under `id` (the client bundle looks islands up here). */
export const islandComponent = (id: string) => registry.get(id);

/** Finds what JSON would lose: a function, a React element, an undefined in a list … (named for the author). */
function unserializable(value: unknown, at: string): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = value[i] === undefined ? `${at}[${i}]` : unserializable(value[i], `${at}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype && !("$$typeof" in value)) {
    for (const [key, v] of Object.entries(value)) {
      const bad = v === undefined ? null : unserializable(v, `${at}.${key}`);
      if (bad) return bad;
    }
    return null;
  }
  return at;
}

/**
 * Makes a client component an island of participant pages: `export const Board = island("market-board", BoardImpl)`.
 * Its props must be plain data (they travel as JSON); it may use `useLive()`.
 */
export function island<P extends { readonly [key: string]: Serializable | undefined }>(id: string, Component: ComponentType<P>): ComponentType<P> {
  if (registry.has(id) && registry.get(id) !== Component) throw new Error(`Two client components are registered as the island "${id}": give one another id`);
  registry.set(id, Component as unknown as ComponentType<Record<string, unknown>>);
  function Island(props: P) {
    const bad = unserializable(props, "props");
    if (bad) throw new Error(`The island "${id}" was given ${bad}, which cannot be sent to the browser: pass plain data (strings, numbers, booleans, lists, objects)`);
    return (
      <div className="contents" data-island={id} data-props={JSON.stringify(props)}>
        <Component {...props} />
      </div>
    );
  }
  Island.displayName = `Island(${id})`;
  return Island;
}
