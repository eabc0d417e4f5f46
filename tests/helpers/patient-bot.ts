import type { Db } from "@/lib/store/db";

/**
 * A participant without JavaScript who plays the basics config and, whenever the server says
 * "please wait" (503, or the page's reconnecting view) or cannot be reached, waits a moment and
 * tries again, at whatever address `base()` gives then (a load balancer moving them to another
 * instance). Records every submission the server acknowledged, and every answer's status.
 */
export interface Acknowledged {
  player: string;
  path: string;
  values: Record<string, string>;
}

export interface PatientBots {
  acknowledged: Acknowledged[];
  /** answers by HTTP status; -1 counts reconnecting views, 0 requests that reached no server */
  statuses: Map<number, number>;
  play: (pname: string, sname: string, i: number, base: () => string) => Promise<void>;
}

/** What a bot enters on each page of the basics config. */
export const basicsAnswers = (i: number): Record<string, Record<string, string>> => ({
  "basics/Intro": { nickname: `bot${i}`, age: String(20 + (i % 60)), likes: "0", comment: "" },
  "basics/Middle": {},
  "finale/Rate": { rating: String(1 + (i % 5)) },
});

/** The acknowledged answers the database does not hold (none, when nothing was lost). */
export async function unstoredAnswers(db: Db, sessionId: number, acknowledged: readonly Acknowledged[]): Promise<string[]> {
  const names = new Map((await db.player.findMany({ where: { sessionId }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const stored = new Map<string, unknown>();
  for (const v of await db.fieldValue.findMany({ where: { sessionId, ownerKind: "player" } })) stored.set(`${names.get(v.ownerId)}.${v.key}`, v.value === null ? null : JSON.parse(v.value));
  const missing: string[] = [];
  for (const a of acknowledged) {
    for (const [key, raw] of Object.entries(a.values)) {
      if (key === "comment" || key === "likes") continue; // an empty optional text, a choice index
      const want = /^\d+$/.test(raw) ? Number(raw) : raw;
      if (stored.get(`${a.player}.${key}`) !== want) missing.push(`${a.player} ${a.path} ${key}=${raw}`);
    }
  }
  return missing;
}

export function patientBots(): PatientBots {
  const acknowledged: Acknowledged[] = [];
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const pause = () => new Promise((r) => setTimeout(r, 200));
  /** A request, or null when no server answered it (connection refused or cut). */
  const attempt = async (url: string, init?: RequestInit) => {
    try {
      const res = await fetch(url, { redirect: "manual", ...init });
      return { status: res.status, html: await res.text(), outcome: res.headers.get("x-sprout-outcome") };
    } catch {
      count(0);
      return null;
    }
  };

  async function play(pname: string, sname: string, i: number, base: () => string) {
    // A guard against a loop that never ends, not a deadline: a slow machine takes more steps.
    for (let step = 0; step < 5000; step++) {
      const url = `${base()}/p/${sname}/${pname}/`;
      const page = await attempt(url);
      if (!page) {
        await pause();
        continue;
      }
      count(page.status);
      if (page.status === 503 || /data-state="reconnecting"/.test(page.html)) {
        if (page.status !== 503) count(-1);
        await pause();
        continue;
      }
      if (/data-state="end"/.test(page.html)) return;
      const position = /name="_position" value="(-?\d+)"/.exec(page.html)?.[1];
      if (position === undefined) throw new Error(`${pname}: no form on a ${page.status} page: ${page.html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<script[\s\S]*?<\/script>/g, "").slice(0, 600)}`);
      const path = /data-page="([^"]+)"/.exec(page.html)?.[1] ?? "start";
      const values = basicsAnswers(i)[path] ?? {};
      const posted = await attempt(`${url}submit/`, { method: "POST", body: new URLSearchParams({ _position: position, ...values }) });
      if (!posted) continue;
      count(posted.status);
      if (posted.status === 303 && posted.outcome === "advanced") acknowledged.push({ player: pname, path, values });
      else if (posted.status === 503) await pause();
    }
    throw new Error(`${pname} did not finish`);
  }
  return { acknowledged, statuses, play };
}
