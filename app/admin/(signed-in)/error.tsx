"use client";

import { PageError, type ErrorProps } from "@/components/admin/page-error";

/** An admin page that failed to render, where no nearer segment says where to go back to. */
export default function AdminError(props: ErrorProps) {
  return <PageError {...props} back={{ href: "/admin/dashboard/", label: "Back to the dashboard" }} />;
}
