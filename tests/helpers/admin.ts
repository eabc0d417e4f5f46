import { io, type Socket } from "socket.io-client";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";
import type { RunningServer } from "./server";

/** The auto-login link the server printed at start, or undefined. */
export function autoLoginUrl(server: RunningServer): string | undefined {
  return /Admin \(signs you in[^)]*\): (\S+)/.exec(server.output())?.[1];
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

export interface SignIn {
  ok: boolean;
  status: number;
  /** "next-auth.session-token=..." (or "__Secure-next-auth...") to send back as Cookie, when ok */
  cookie?: string;
  /** next-auth's error text (our message) when refused */
  error?: string;
}

/**
 * Signs in over HTTP the way next-auth's client does: fetch a CSRF token, then post the
 * credentials to the callback. `headers` (sent with both) lets a test pose as a proxied request.
 */
export async function signIn(server: RunningServer, credentials: Record<string, string>, headers: Record<string, string> = {}): Promise<SignIn> {
  const csrf = await fetch(`${server.url}/api/auth/csrf/`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/api/auth/callback/admin/`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), ...headers },
    body: new URLSearchParams({ ...credentials, csrfToken, json: "true" }),
  });
  // Over https (TRUST_PROXY and X-Forwarded-Proto) the cookie is the __Secure- one.
  const session = cookiesOf(res).find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url && URL.canParse(body.url) ? (new URL(body.url).searchParams.get("error") ?? undefined) : undefined;
  return { ok: res.status === 200 && !!session && !error, status: res.status, cookie: session, error };
}

/**
 * Sends `guess` (a wrong sign-in) until the answer says to wait at least `seconds` ("try again
 * in N s"), pausing between throttled answers so waits can run out; gives up after 20 s.
 * Returns the wait it was told last.
 */
export async function guessUntilToldToWait(seconds: number, guess: () => Promise<SignIn>): Promise<number> {
  const until = Date.now() + 20_000;
  let wait = 0;
  while (wait < seconds && Date.now() < until) {
    wait = Number(/try again in (\d+) s/.exec((await guess()).error ?? "")?.[1] ?? 0);
    if (wait > 0 && wait < seconds) await new Promise((r) => setTimeout(r, 100));
  }
  return wait;
}

/** Signs in with the printed auto-login link's token. */
export async function signInAutomatically(server: RunningServer): Promise<string> {
  const url = autoLoginUrl(server);
  if (!url) throw new Error(`the server printed no auto-login link:\n${server.output()}`);
  const result = await signIn(server, { token: url.split("#")[1]! });
  if (!result.cookie) throw new Error(`auto-login failed: ${JSON.stringify(result)}`);
  return result.cookie;
}

/** GET as a signed-in admin (or anonymously without a cookie), following redirects. */
export function adminGet(server: RunningServer, path: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
}

export type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;

/** An admin tab's socket; rejects when the server refuses the connection. */
export async function connectAdmin(server: RunningServer, cookie?: string): Promise<AdminSocket> {
  const socket: AdminSocket = io(`${server.url}/admin`, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { origin: server.url, ...(cookie ? { cookie } : {}) },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => {
      socket.close();
      reject(e);
    });
  });
  return socket;
}
