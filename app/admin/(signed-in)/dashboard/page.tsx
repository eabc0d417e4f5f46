import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { PageTitle } from "@/components/admin/page-title";
import { RoomCards } from "@/components/admin/room-card";
import { SessionTable } from "@/components/admin/session-table";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { listRooms } from "@/lib/data/rooms";
import { listSessions } from "@/lib/data/sessions";
import { listConfigs } from "@/lib/project";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Dashboard" };

export default async function Dashboard() {
  await requireAdmin();
  const [active, rooms] = await Promise.all([listSessions(readDb(), { active: true }), listRooms(readDb())]);
  const configs = listConfigs();
  return (
    <>
      <PageTitle
        subtitle="Running sessions, rooms, and the configs you can start."
        actions={
          <AdminLink href="/admin/sessions/new/" className={buttonStyles.primary}>
            New session
          </AdminLink>
        }
      >
        Dashboard
      </PageTitle>
      <div className="space-y-6">
        <Card title={`Active sessions (${active.length})`} actions={<AdminLink href="/admin/sessions/" className="text-sm text-emerald-800 hover:underline">All sessions</AdminLink>}>
          <SessionTable sessions={active} empty="No active sessions. Start one from a config below." />
        </Card>
        <Card title={`Rooms (${rooms.length})`} actions={<AdminLink href="/admin/rooms/new/" className="text-sm text-emerald-800 hover:underline">New room</AdminLink>}>
          <RoomCards rooms={rooms} empty="No rooms yet. A room gives a lab one link: participants wait in it until the study starts." />
        </Card>
        <Card title={`Configs (${configs.length})`}>
          <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="configs">
            {configs.map(([name, config]) => {
              const apps = config.apps.map((a) => a.name);
              // A config of one app of its own name would only say its name twice.
              const sameAsName = apps.length === 1 && apps[0] === name;
              return (
                <li key={name} className="flex flex-col gap-2 rounded-lg border border-stone-200 p-3">
                  <p className="font-mono text-sm font-medium break-all">{name}</p>
                  <div className="flex-1 text-sm text-stone-600">
                    {config.description ? <p>{config.description}</p> : null}
                    {sameAsName ? null : <p className="mt-0.5 font-mono text-xs text-stone-500">{apps.join(" → ")}</p>}
                  </div>
                  <AdminLink href={`/admin/sessions/new/?config=${encodeURIComponent(name)}`} className={`${buttonStyles.secondary} self-start`}>
                    Start a session
                  </AdminLink>
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
    </>
  );
}
