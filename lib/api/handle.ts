import { db } from "../store/db.ts";
import { json, errorAnswer, invalid, refuse } from "./respond.ts";
import { METHODS, type Method, type Operation } from "./operation.ts";
import { overLimit } from "./rate-limit.ts";
import { authenticateApiToken, tokenActor } from "./tokens.ts";

// Serves API operations: bearer token (never the admin's login cookie), rate limit, scope,
// then params, query and body through their zod schemas, then the operation.

/** JSON bodies above this are refused before they are read in full. */
const MAX_BODY_BYTES = 1_000_000;

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

const UNAUTHORIZED = { "www-authenticate": 'Bearer realm="sprout"' };

/** The query string as an object: a key given once is a string, repeated it is a list. */
function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** The JSON body (an empty body is {}), or the 400/413 answer. */
async function readJson(request: Request): Promise<{ value: unknown } | Response> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return refuse(413, `The body is too large (the limit is ${MAX_BODY_BYTES} bytes)`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return refuse(413, `The body is too large (the limit is ${MAX_BODY_BYTES} bytes)`);
  if (text.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return refuse(400, `The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** This server's address as the caller reached it, for links in answers (as the admin pages make them: app/admin/_lib/origin.ts). */
function originOf(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto}://${request.headers.get("host") ?? url.host}`;
}

export function serve(op: Operation): RouteHandler {
  const where = `api ${op.method} ${op.path}`;
  return async (request, context) => {
    try {
      const header = request.headers.get("authorization") ?? "";
      const secret = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!secret) return refuse(401, "This API needs a token: Authorization: Bearer <token> (make one on the admin's API tokens page)", UNAUTHORIZED);
      const token = await authenticateApiToken(db(), secret);
      if (!token) return refuse(401, "This token is not valid (unknown or revoked)", UNAUTHORIZED);
      const wait = overLimit(token.name);
      if (wait !== null) return refuse(429, "Too many requests for this token; slow down", { "retry-after": String(wait) });
      if (op.full && token.scope !== "full") return refuse(403, "This token is read-only; this operation needs a full-access token");

      const params = op.params?.safeParse(await context.params);
      if (params && !params.success) return invalid(params.error.issues, "params");
      const query = op.query?.safeParse(queryObject(new URL(request.url)));
      if (query && !query.success) return invalid(query.error.issues, "query");
      let body: unknown;
      if (op.body) {
        const read = await readJson(request);
        if (read instanceof Response) return read;
        const parsed = op.body.safeParse(read.value);
        if (!parsed.success) return invalid(parsed.error.issues, "body");
        body = parsed.data;
      }
      const caller = { token: token.name, actor: tokenActor(token.name), origin: originOf(request) };
      const result = await op.run({ params: params?.data ?? {}, query: query?.data ?? {}, body, caller, request });
      return result instanceof Response ? result : json(op.status ?? 200, result);
    } catch (e) {
      return errorAnswer(e, where, op.bodyField);
    }
  };
}

/** A route file's exports: each method of its path that an operation serves, a JSON 405 for the others. */
export function routeHandlers(operations: readonly Operation[], path: string): Record<Method, RouteHandler> {
  const here = operations.filter((o) => o.path === path);
  if (here.length === 0) throw new Error(`No API operation serves ${path}`);
  const allowed = here.map((o) => o.method);
  const notAllowed: RouteHandler = async () => refuse(405, `${path} accepts ${allowed.join(", ")} only`, { allow: allowed.join(", ") });
  return Object.fromEntries(
    METHODS.map((m) => {
      const op = here.find((o) => o.method === m);
      return [m, op ? serve(op) : notAllowed];
    }),
  ) as Record<Method, RouteHandler>;
}

