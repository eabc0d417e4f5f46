import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/admin/page-title";
import { RoomCards } from "@/components/admin/room-card";
import { SessionTable } from "@/components/admin/session-table";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { listRooms } from "@/lib/data/rooms";
import { listSessions } from "@/lib/data/sessions";
import { listConfigs } from "@/lib/engine/project";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Dashboard" };

export default async function Dashboard() {
  await requireAdmin();
  const [active, rooms] = await Promise.all([listSessions(readDb(), { active: true }), listRooms(readDb())]);
  return (
    <>
      <PageTitle
        subtitle="Running sessions, rooms, and the configs you can start."
        actions={
          <Link href="/admin/sessions/new/" className={buttonStyles.primary}>
            New session
          </Link>
        }
      >
        Dashboard
      </PageTitle>
      <div className="space-y-6">
        <Card title={`Active sessions (${active.length})`} actions={<Link href="/admin/sessions/" className="text-sm text-emerald-800 hover:underline">All sessions</Link>}>
          <SessionTable sessions={active} empty="No active sessions. Start one from a config below." />
        </Card>
        <Card title={`Rooms (${rooms.length})`} actions={<Link href="/admin/rooms/new/" className="text-sm text-emerald-800 hover:underline">New room</Link>}>
          <RoomCards rooms={rooms} empty="No rooms yet. A room gives a lab one link: participants wait in it until the study starts." />
        </Card>
        <Card title="Configs">
          <ul className="grid gap-x-8 divide-y divide-stone-100 md:grid-cols-2 md:divide-y-0">
            {listConfigs().map(([name, config]) => (
              <li key={name} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <p className="font-mono text-sm font-medium">{name}</p>
                  <p className="text-sm text-stone-500">
                    {config.apps.map((a) => a.name).join(" → ")}
                    {config.description ? ` · ${config.description}` : ""}
                  </p>
                </div>
                <Link href={`/admin/sessions/new/?config=${encodeURIComponent(name)}`} className={buttonStyles.secondary}>
                  Start a session
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
