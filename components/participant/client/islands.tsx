import { hydrateRoot, type Root } from "react-dom/client";
import { useSyncExternalStore, type ReactNode } from "react";
import { LiveContext } from "@/lib/experiment/client";
import { islandComponent } from "@/lib/experiment/island";
import type { Connection } from "./connection";

const roots: Root[] = [];

/** Gives the islands the page's live context, which follows the connection. */
function LiveBridge({ connection, children }: Readonly<{ connection: Connection; children: ReactNode }>) {
  const { live } = useSyncExternalStore(connection.subscribe, connection.get, connection.get);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** Hydrates every island under `scope` with the props the server wrote beside it (lib/experiment/island.tsx). */
export function hydrateIslands(scope: ParentNode, connection: Connection) {
  for (const element of scope.querySelectorAll<HTMLElement>("[data-island]")) {
    // An island inside another is rendered by the outer one.
    if (element.parentElement?.closest("[data-island]")) continue;
    const id = element.dataset.island!;
    const Component = islandComponent(id);
    if (!Component) {
      console.error(`Sprout: no client component is registered as the island "${id}"; it stays as the server rendered it`);
      continue;
    }
    const props = JSON.parse(element.dataset.props ?? "{}") as Record<string, unknown>;
    roots.push(
      hydrateRoot(
        element,
        <LiveBridge connection={connection}>
          <Component {...props} />
        </LiveBridge>,
      ),
    );
  }
}

/** Unmounts the islands before their page is swapped out (their timers and listeners stop). */
export function unmountIslands() {
  for (const root of roots.splice(0)) root.unmount();
}
