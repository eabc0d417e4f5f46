"use client";

import { useParams } from "next/navigation";
import { PageError, type ErrorProps } from "./page-error";

/** A page under a session (data, digest, multiview, a participant's view) failed to render: back to the session. */
export function SessionSubpageError(props: ErrorProps) {
  const { sname } = useParams<{ sname: string }>();
  return <PageError {...props} back={{ href: `/admin/session/${encodeURIComponent(sname)}/`, label: "Back to the session" }} />;
}
