import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/admin/page-title";
import { RoomCards } from "@/components/admin/room-card";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { listRooms } from "@/lib/data/rooms";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Rooms" };

export default async function Rooms() {
  await requireAdmin();
  const rooms = await listRooms(readDb());
  // Open: participants get in now (open, with a session or a config to start one).
  const open = rooms.filter((r) => !r.waiting);
  const closed = rooms.filter((r) => r.waiting);
  return (
    <>
      <PageTitle
        subtitle="One link per room, /room/<name>/: participants enter with an access code or freely, wait until it opens, and fill the room's session."
        actions={
          <Link href="/admin/rooms/new/" className={buttonStyles.primary}>
            New room
          </Link>
        }
      >
        Rooms
      </PageTitle>
      <div className="space-y-6">
        <Card title={`Open rooms (${open.length})`}>
          <RoomCards rooms={open} empty="No open rooms." />
        </Card>
        <Card title={`Closed rooms (${closed.length})`}>
          <RoomCards rooms={closed} empty="No closed rooms." />
          <p className="mt-3 text-xs text-stone-500">Closed here also means open without a config or session: participants wait in it until you create a session.</p>
        </Card>
      </div>
    </>
  );
}
