import { InvalidInputError } from "../errors.ts";

// The CLI's admin API client: `npm run sprout -- api [-u URL] [-X METHOD] [-d JSON] ENDPOINT`.
// ENDPOINT is the path below /admin/api/v1 ("sessions", "sessions/x/players/advance"); the
// prefix and the trailing slash are added as the API's paths need them, so both
// "sessions" and "/admin/api/v1/sessions/" work.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The full address of an endpoint: prefix added, a trailing slash unless the last segment is a file (openapi.json, wide.csv). */
export function endpointUrl(base: string, endpoint: string): string {
  const [pathPart, query] = endpoint.split(/\?(.*)/s, 2) as [string, string | undefined];
  let path = pathPart.replace(/^\/+/, "").replace(/^admin\/api\/v1\/?/, "");
  const last = path.split("/").filter(Boolean).at(-1) ?? "";
  if (!path.endsWith("/") && !last.includes(".")) path += "/";
  return `${base.replace(/\/+$/, "")}/admin/api/v1/${path.replace(/^\/$/, "")}${query === undefined ? "" : `?${query}`}`;
}

export async function apiRequest(options: { base: string; method: string; data?: string; endpoints: string[]; token?: string }): Promise<{ ok: boolean; text: string }> {
  if (options.endpoints.length !== 1) throw new InvalidInputError("api takes one ENDPOINT, e.g. npm run sprout -- api sessions");
  const method = options.method.toUpperCase();
  if (!METHODS.includes(method)) throw new InvalidInputError(`-X takes ${METHODS.join(", ")}, not "${options.method}"`);
  if (!options.token) throw new InvalidInputError("Set SPROUT_API_TOKEN to an API token (npm run sprout -- token create NAME makes one)");
  if (!URL.canParse(options.base) || !/^https?:$/.test(new URL(options.base).protocol)) throw new InvalidInputError(`-u takes the server's address (http://host:port), not "${options.base}"`);
  if (options.data !== undefined) {
    try {
      JSON.parse(options.data);
    } catch (e) {
      throw new InvalidInputError(`-d is not valid JSON: ${(e as Error).message}`);
    }
  }
  const url = endpointUrl(options.base, options.endpoints[0]!);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${options.token}`, ...(options.data === undefined ? {} : { "content-type": "application/json" }) },
      body: options.data,
    });
  } catch (e) {
    throw new InvalidInputError(`Cannot reach ${url}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let shown = text.trimEnd();
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // a file (CSV, JSON Lines): printed as it came
  }
  return { ok: res.ok, text: shown };
}
