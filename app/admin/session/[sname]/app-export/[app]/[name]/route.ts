import { appExportFormatOf, exportOutputResponse } from "@/lib/data/app-exports";
import { runAppExport } from "@/lib/engine/admin/app-exports";
import { errorResponse, onlyAllows } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { parseJsonText } from "@/lib/store/json";
import { adminOrLoginRedirect } from "../../../../../_lib/auth";

/** An app's read-only export of the session as a download: `?format=csv|jsonl`, `?input=<JSON>` when it takes input. Pipelines run from the data page's form instead. */
export async function GET(request: Request, { params }: { params: Promise<{ sname: string; app: string; name: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname, app, name } = await params;
  try {
    const query = new URL(request.url).searchParams;
    const format = appExportFormatOf(query.get("format"));
    const text = query.get("input");
    const input = text === null || text.trim() === "" ? undefined : parseJsonText(text);
    return exportOutputResponse(await runAppExport(readDb(), sname, app, name, input), format, sname, app, name);
  } catch (e) {
    return errorResponse(e, `app export ${app}.${name}`);
  }
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
