import { z } from "zod";
import { openApiDocument } from "../openapi.ts";
import { operation, type Operation } from "../operation.ts";
import { chatOperations } from "./chat.ts";
import { configOperations } from "./configs.ts";
import { dashboardOperations } from "./dashboard.ts";
import { dataOperations } from "./data.ts";
import { paymentOperations } from "./payments.ts";
import { playerOperations } from "./players.ts";
import { roomOperations } from "./rooms.ts";
import { sessionOperations } from "./sessions.ts";
import { systemOperations } from "./system.ts";
import { viewOperations } from "./views.ts";

const described: readonly Operation[] = [...configOperations, ...dashboardOperations, ...sessionOperations, ...playerOperations, ...paymentOperations, ...chatOperations, ...dataOperations, ...viewOperations, ...roomOperations, ...systemOperations];

const openApiOperation = operation({
  method: "GET",
  path: "/openapi.json",
  tag: "system",
  summary: "This API's OpenAPI 3.1 document",
  full: false,
  response: z.record(z.string(), z.unknown()),
  run: async () => document,
});

/** Every operation of the admin API: the route files serve them, the OpenAPI document lists them. */
export const OPERATIONS: readonly Operation[] = [...described, openApiOperation];

const document = openApiDocument(OPERATIONS);
