import { z } from "zod";
import { isFileAnswer, type Operation } from "./operation.ts";
import { ZError, ZInvalid } from "./schemas.ts";

// The OpenAPI 3.1 document, generated from the operations' own zod schemas (the ones that
// validate requests), so it cannot drift from what the server does. OpenAPI 3.1 uses JSON
// Schema 2020-12, which is what z.toJSONSchema writes.

export const API_BASE = "/admin/api/v1";

type JsonSchema = Record<string, unknown>;

/** A schema as JSON Schema without its $schema line; transforms (query flags) as their input. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

const optional = (schema: z.ZodType) => schema.safeParse(undefined).success;

function parameters(op: Operation) {
  const of = (shape: z.ZodObject | undefined, place: "path" | "query") =>
    Object.entries(shape?.shape ?? {}).map(([name, schema]) => {
      const s = schema as z.ZodType;
      const json = schemaOf(s, "input");
      return { name, in: place, required: place === "path" || !optional(s), ...(json.description ? { description: json.description } : {}), schema: json };
    });
  return [...of(op.params, "path"), ...of(op.query, "query")];
}

const jsonContent = (schema: JsonSchema) => ({ "application/json": { schema } });
const error = (description: string, schema: z.ZodType = ZError) => ({ description, content: jsonContent(schemaOf(schema, "output")) });

function responses(op: Operation) {
  const ok = isFileAnswer(op.response)
    ? { description: op.response.description, content: { [op.response.contentType]: { schema: { type: "string" } } } }
    : { description: "success", content: jsonContent(schemaOf(op.response, "output")) };
  return {
    [String(op.status ?? 200)]: ok,
    ...(op.body ? { "400": error("the body is not valid JSON") } : {}),
    "401": error("no token, or an unknown or revoked one"),
    ...(op.full ? { "403": error("the token is read-only") } : {}),
    ...(op.params ? { "404": error("no such session, player, room or config") } : {}),
    ...(op.full ? { "409": error("the operation does not fit the current state (a paused session, a room with a session, ...)") } : {}),
    ...(op.params || op.query || op.body ? { "422": error("invalid input: each field's problem", ZInvalid) } : {}),
    "429": error("too many requests for this token (Retry-After says when to try again)"),
  };
}

/** The document for these operations. */
export function openApiDocument(operations: readonly Operation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, "by-$1").replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      "x-scope": op.full ? "full" : "read",
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: jsonContent(schemaOf(op.body, "input")) } } : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sprout admin API",
      version: "1",
      description:
        "Everything the admin pages do, for scripts. Authenticate with Authorization: Bearer <token> (make tokens on the admin's API tokens page or with npm run sprout -- token create NAME). Read-only tokens may use GET operations except the dump. JSON in and out; every path ends with a slash.",
    },
    servers: [{ url: API_BASE }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    tags: ["configs", "sessions", "players", "chat", "data", "rooms", "system"].map((name) => ({ name })),
    paths,
  };
}
