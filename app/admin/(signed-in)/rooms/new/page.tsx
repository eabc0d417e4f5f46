import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-title";
import { RoomSettingsForm } from "@/components/admin/room-settings-form";
import { Card } from "@/components/ui/card";
import { listConfigs } from "@/lib/project";
import { createRoomAction } from "../../../_actions/rooms";
import { requireAdmin } from "../../../_lib/auth";

export const metadata: Metadata = { title: "New room" };

export default async function NewRoom() {
  await requireAdmin();
  return (
    <>
      <PageTitle subtitle="A room made here lives in the database; rooms in the project file are created at every start when missing.">New room</PageTitle>
      <Card className="max-w-3xl">
        <RoomSettingsForm configs={listConfigs().map(([name]) => name)} initial={{ config: null, labels: null, capacity: null, open: true }} action={createRoomAction} submitLabel="Create room" />
      </Card>
    </>
  );
}
