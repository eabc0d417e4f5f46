"use client";

import Link from "next/link";
import { buttonStyles } from "@/components/ui/styles";
import { Card } from "@/components/ui/card";

/**
 * An admin page that failed to render (the database went away, a bug): the navigation stays,
 * the page says so, and offers to try again or go back to the dashboard. The details are in
 * the server's log under the digest shown.
 */
export default function AdminError({ error, reset }: Readonly<{ error: Error & { digest?: string }; reset: () => void }>) {
  return (
    <Card title="This page could not be shown">
      <div role="alert" className="space-y-3 text-sm text-stone-700">
        <p>Something went wrong while loading this page. Nothing was changed by it; a study in progress carries on.</p>
        {error.digest ? <p className="text-xs text-stone-500">Reference for the server log: {error.digest}</p> : null}
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={reset} className={buttonStyles.primary}>
            Try again
          </button>
          <Link href="/admin/dashboard/" className={buttonStyles.secondary}>
            Back to the dashboard
          </Link>
        </div>
      </div>
    </Card>
  );
}
