"use client";

import { AdminLink } from "./admin-link";
import { buttonStyles } from "@/components/ui/styles";
import { Card } from "@/components/ui/card";

export type ErrorProps = Readonly<{ error: Error & { digest?: string }; reset: () => void }>;

/**
 * An admin page that failed to render (the database went away, a bug): the navigation stays,
 * the page says so, and offers to try again or go back to the page above it. The details are
 * in the server's log under the digest shown.
 */
export function PageError({ error, reset, back }: ErrorProps & Readonly<{ back: { href: string; label: string } }>) {
  return (
    <Card title="This page could not be shown">
      <div role="alert" className="space-y-3 text-sm text-stone-700">
        <p>Something went wrong while loading this page. Nothing was changed by it; a study in progress carries on.</p>
        {error.digest ? <p className="text-xs text-stone-500">Reference for the server log: {error.digest}</p> : null}
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={reset} className={buttonStyles.primary}>
            Try again
          </button>
          <AdminLink href={back.href} className={buttonStyles.secondary}>
            {back.label}
          </AdminLink>
        </div>
      </div>
    </Card>
  );
}
