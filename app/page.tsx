import { ParticipantFrame } from "@/components/participant/participant-frame";

export default function Home() {
  return (
    <ParticipantFrame title="Sprout">
      <p>This server runs behavioral experiments. Participants reach their pages through the link they were given.</p>
    </ParticipantFrame>
  );
}
