import type { ConfigChoice } from "@/components/admin/new-session-form";
import { configMultiple, listConfigs } from "@/lib/project";

/** The project's configs as the new-session forms offer them. */
export function configChoices(): ConfigChoice[] {
  return listConfigs().map(([name, config]) => ({
    name,
    apps: config.apps.map((a) => a.name),
    description: config.description ?? config.apps.map((a) => a.description).filter(Boolean).join(" · "),
    settings: JSON.stringify(config.settings ?? {}, null, 2),
    multiple: configMultiple(config),
  }));
}
