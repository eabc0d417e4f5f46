import type { Metadata } from "next";
import { ParticipantFrame } from "@/components/participant/participant-frame";

export const metadata: Metadata = { title: { absolute: "Page not found" } };

export default function NotFound() {
  return (
    <ParticipantFrame title="Page not found">
      <p>There is nothing at this address. Please check the link you were given.</p>
    </ParticipantFrame>
  );
}
