import { createApiToken, revokeApiToken, type TokenScope } from "@/lib/api/tokens";
import type { RunningServer } from "./server";

/** A fresh token on the server's database (name unique per call). */
let made = 0;
export async function newToken(server: RunningServer, scope: TokenScope = "full", name = `t${++made}_${scope}`): Promise<string> {
  return (await createApiToken(server.db, { name, scope, by: "test" })).token;
}

/** A token that was made and then revoked. */
export async function revokedToken(server: RunningServer): Promise<string> {
  const name = `revoked${++made}`;
  const { token } = await createApiToken(server.db, { name, scope: "full", by: "test" });
  await revokeApiToken(server.db, name, "test");
  return token;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** the JSON body, or the text when it is not JSON */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One API call: path below /admin/api/v1 ("/sessions/"), a JSON body (a string is sent as it is). */
export async function api(server: RunningServer, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const res = await fetch(`${server.url}/admin/api/v1${path}`, {
    method,
    redirect: "manual",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: a file
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
