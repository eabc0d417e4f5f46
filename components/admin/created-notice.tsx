"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { buttonStyles } from "@/components/ui/styles";

/**
 * "Session created with N players", once: right after creation (the address says ?created).
 * The address then forgets it, so a reload or a later visit does not show it again; until
 * then it stays through the page's live updates, unless dismissed.
 */
export function CreatedNotice({ justCreated, players }: Readonly<{ justCreated: boolean; players: number }>) {
  const [shown, setShown] = useState(justCreated);
  const router = useRouter();
  useEffect(() => {
    if (!justCreated) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("created");
    // Through the router, not history.replaceState: the router's own idea of the address is
    // what its refreshes and actions re-render (this notice keeps its state meanwhile).
    router.replace(`${url.pathname}${url.search}`, { scroll: false });
  }, [justCreated, router]);
  if (!shown) return null;
  return (
    <div role="status" className="mb-4 flex items-center justify-between gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900">
      <p>
        Session created with {players} player{players === 1 ? "" : "s"}. Hand out the links below.
      </p>
      <button type="button" onClick={() => setShown(false)} className={`${buttonStyles.ghost} text-emerald-900 hover:bg-emerald-100`}>
        Dismiss
      </button>
    </div>
  );
}
