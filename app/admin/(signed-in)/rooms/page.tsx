import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
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
  // Open: participants get in now. Open but with nothing to start a session from: they come
  // in and wait (a room of its own kind, not a closed one). Closed: they wait until it opens.
  const open = rooms.filter((r) => !r.waiting);
  const openWaiting = rooms.filter((r) => r.open && r.waiting);
  const closed = rooms.filter((r) => !r.open);
  return (
    <>
      <PageTitle
        subtitle="One link per room, /room/<name>/: participants enter with an access code or freely, wait until it opens, and fill the room's session."
        actions={
          <AdminLink href="/admin/rooms/new/" className={buttonStyles.primary}>
            New room
          </AdminLink>
        }
      >
        Rooms
      </PageTitle>
      <div className="space-y-6">
        <Card title={`Open rooms (${open.length})`}>
          <RoomCards rooms={open} empty="No open rooms." />
        </Card>
        {openWaiting.length > 0 ? (
          <Card title={`Open, waiting for a session (${openWaiting.length})`}>
            <p className="mb-3 text-sm text-stone-600">These rooms are open, but have no session and no config to start one from: participants who arrive wait until you create a session on the room&apos;s page.</p>
            <RoomCards rooms={openWaiting} empty="" />
          </Card>
        ) : null}
        <Card title={`Closed rooms (${closed.length})`}>
          <RoomCards rooms={closed} empty="No closed rooms." />
        </Card>
      </div>
    </>
  );
}
