import type { Metadata } from "next";
import { NewSessionForm } from "@/components/admin/new-session-form";
import { PageTitle } from "@/components/admin/page-title";
import { Card } from "@/components/ui/card";
import { createSessionAction } from "../../../_actions/sessions";
import { requireAdmin } from "../../../_lib/auth";
import { configChoices } from "../../../_lib/config-choices";

export const metadata: Metadata = { title: "New session" };

export default async function NewSession({ searchParams }: Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>) {
  await requireAdmin();
  const configs = configChoices();
  const requested = (await searchParams).config;
  const initial = configs.find((c) => c.name === requested)?.name ?? configs[0]!.name;
  return (
    <>
      <PageTitle subtitle="Players get their links on the session page once it is created.">New session</PageTitle>
      <Card className="max-w-3xl">
        <NewSessionForm configs={configs} initialConfig={initial} action={createSessionAction} />
      </Card>
    </>
  );
}
