"use client";

import { PageError, type ErrorProps } from "@/components/admin/page-error";

/** A room's page failed to render: back to the rooms. */
export default function RoomError(props: ErrorProps) {
  return <PageError {...props} back={{ href: "/admin/rooms/", label: "Back to the rooms" }} />;
}
