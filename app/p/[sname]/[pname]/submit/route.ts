import { submitPage } from "@/lib/engine/navigation";
import type { FormInput } from "@/lib/engine/pending-form";
import { errorResponse, seeOther, textResponse } from "@/lib/http";
import { db, readDb } from "@/lib/store/db";

/** A participant's form POST: validate and store, then 303 back to the page (post/redirect/get). */
export async function POST(request: Request, { params }: { params: Promise<{ sname: string; pname: string }> }) {
  const { sname, pname } = await params;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return textResponse(400, "Expected a form submission (application/x-www-form-urlencoded or multipart/form-data).");
  }
  const rawPosition = form.get("_position");
  if (typeof rawPosition !== "string" || !/^-?\d{1,9}$/.test(rawPosition)) {
    return textResponse(400, "This form does not say which page it belongs to. Please reload the page and try again.");
  }
  // A name posted more than once (a checkbox group) keeps all its values; files are ignored.
  const fields: FormInput = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (values.length > 0) fields[key] = values.length === 1 ? values[0]! : values;
  }
  try {
    await submitPage({ db: db(), read: readDb() }, sname, pname, Number(rawPosition), fields, form.has("_back"));
    return seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`);
  } catch (e) {
    return errorResponse(e, `POST /p/${sname}/${pname}/submit/`);
  }
}
