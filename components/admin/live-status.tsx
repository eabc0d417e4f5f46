/** The state of an admin page's socket. */
export type LiveStatus = "connecting" | "live" | "lost" | "signed-out";

/** A small dot and word: whether the page is receiving changes as they happen. */
export function LiveDot({ status }: Readonly<{ status: LiveStatus }>) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-stone-500" data-live={status}>
      <span aria-hidden className={`h-2 w-2 rounded-full ${status === "live" ? "bg-emerald-500" : status === "lost" ? "bg-red-500" : "bg-stone-300"}`} />
      {status === "live" ? "Live" : status === "lost" ? "Reconnecting…" : "Connecting…"}
    </span>
  );
}

/** Shown when the server ended this tab's login (revoked or expired). */
export function SignedOutNotice() {
  return (
    <div role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      You have been signed out (your login was revoked or has expired). <a href="/admin/login/" className="font-medium underline">Sign in again</a>
    </div>
  );
}
