import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { configMultiple, hasConfig, getConfig, listConfigs } from "../../project.ts";
import type { ConfigDef } from "../../experiment/index.ts";
import { operation } from "../operation.ts";
import { ZConfigParams, ZJsonObject } from "../schemas.ts";

export const ZConfig = z.object({
  name: z.string(),
  description: z.string().describe("the config's description, else its apps' descriptions joined"),
  apps: z.array(z.string()).describe("its apps, in play order"),
  settings: ZJsonObject.describe("the default settings a new session gets"),
  suggestedMultiple: z.number().int().describe("sessions should have a multiple of this many players (the group sizes)"),
});

export function configOf(name: string, config: ConfigDef): z.infer<typeof ZConfig> {
  return {
    name,
    description: config.description ?? config.apps.map((a) => a.description).filter(Boolean).join(" · "),
    apps: config.apps.map((a) => a.name),
    settings: (config.settings ?? {}) as Record<string, unknown>,
    suggestedMultiple: configMultiple(config),
  };
}

export const configOperations = [
  operation({
    method: "GET",
    path: "/configs/",
    tag: "configs",
    summary: "Every config of the project (what sessions are made of)",
    full: false,
    response: z.object({ configs: z.array(ZConfig) }),
    run: async () => ({ configs: listConfigs().map(([n, c]) => configOf(n, c)) }),
  }),
  operation({
    method: "GET",
    path: "/configs/{cname}/",
    tag: "configs",
    summary: "One config",
    full: false,
    params: ZConfigParams,
    response: ZConfig,
    run: async ({ params }) => {
      if (!hasConfig(params.cname)) throw new NotFoundError(`There is no config "${params.cname}"`);
      return configOf(params.cname, getConfig(params.cname));
    },
  }),
];
