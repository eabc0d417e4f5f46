import { submitPage } from "@/lib/engine/participants";
import { errorResponse, seeOther, textResponse } from "@/lib/http";
import { db } from "@/lib/store/db";

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
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string" && !(key in fields)) fields[key] = value;
  try {
    await submitPage(db(), sname, pname, Number(rawPosition), fields);
    return seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`);
  } catch (e) {
    return errorResponse(e, `POST /p/${sname}/${pname}/submit/`);
  }
}
