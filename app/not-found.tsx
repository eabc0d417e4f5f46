import type { Metadata } from "next";
import { headers } from "next/headers";
import { NotFoundPage } from "@/components/participant/status-pages";
import { t } from "@/lib/i18n";
import { participantLocale } from "@/lib/project";

// Any unknown address (participants mistype links too): in the project's language, or the browser's where it follows the browser.
const locale = async () => participantLocale(null, (await headers()).get("accept-language"));

export async function generateMetadata(): Promise<Metadata> {
  return { title: { absolute: t(await locale(), "notFound.title") } };
}

export default async function NotFound() {
  return <NotFoundPage locale={await locale()} />;
}
