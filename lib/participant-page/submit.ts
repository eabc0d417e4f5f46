import { submitPage } from "@/lib/engine/participant/navigation";
import { browserCookieHeader, clientOf } from "@/lib/engine/quality/client";
import { errorResponse, readForm, seeOther, textResponse } from "@/lib/http";
import { awayPage } from "@/lib/participant-html";
import { databaseAwayIn } from "@/lib/store/availability";
import { db, readDb } from "@/lib/store/db";
import { participantLocale } from "@/lib/project";

/** A posted participant form: its position and its fields, or the 4xx answer why it cannot be read. */
export async function readSubmission(request: Request): Promise<{ position: number; fields: Record<string, string | string[]>; back: boolean } | Response> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  const rawPosition = form.get("_position");
  if (typeof rawPosition !== "string" || !/^-?\d{1,9}$/.test(rawPosition)) {
    return textResponse(400, "This form does not say which page it belongs to. Please reload the page and try again.");
  }
  // A name posted more than once (a checkbox group) keeps all its values; files are ignored.
  // A null prototype: a field named "constructor" or a posted "__proto__" is just a name.
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (values.length > 0) fields[key] = values.length === 1 ? values[0]! : values;
  }
  return { position: Number(rawPosition), fields, back: form.has("_back") };
}

/**
 * A participant's form POST: validate and store, then 303 back to the page (post/redirect/get).
 * X-Sprout-Outcome says what happened (advanced, stale, invalid, failed, paused) for bots.
 */
export async function submitResponse(request: Request, sname: string, pname: string): Promise<Response> {
  const submission = await readSubmission(request);
  if (submission instanceof Response) return submission;
  const { position, fields, back } = submission;
  try {
    // The browser's cookie for finding the same browser entering twice (docs/data-quality.md).
    const client = clientOf(request.headers);
    const outcome = await submitPage({ db: db(), read: readDb() }, sname, pname, position, fields, back, null, client, request.headers.get("accept-language"));
    const response = seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`);
    response.headers.set("x-sprout-outcome", outcome.kind);
    if (client.keepCookie && client.minted) response.headers.set("set-cookie", browserCookieHeader(client.browserCookie, new URL(request.url).protocol === "https:"));
    return response;
  } catch (e) {
    // Not saved: the answers come back in a page that sends them again.
    if (databaseAwayIn(e)) return awayPage(participantLocale(null, request.headers.get("accept-language")), { action: new URL(request.url).pathname, fields });
    return errorResponse(e, `POST /p/${sname}/${pname}/submit/`);
  }
}
