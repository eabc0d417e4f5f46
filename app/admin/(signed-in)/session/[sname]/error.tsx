"use client";

import { PageError, type ErrorProps } from "@/components/admin/page-error";

/** The session page failed to render: back to the list of sessions. */
export default function SessionError(props: ErrorProps) {
  return <PageError {...props} back={{ href: "/admin/sessions/", label: "Back to the sessions" }} />;
}
