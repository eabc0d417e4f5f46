"use server";

import { revalidatePath } from "next/cache";
import { appExportFormatOf, rowsCsv, rowsJsonl } from "@/lib/data/app-exports";
import { runPipeline } from "@/lib/engine/admin/app-exports";
import { db } from "@/lib/store/db";
import { parseJsonText } from "@/lib/store/json";
import { adminAction, formText } from "../_lib/action";

// An app's pipeline, run from the session's data page: the same engine function as the API's
// POST, so it is validated, audited and heard by the participants' tabs the same way.

export const runPipelineAction = adminAction("runPipeline", async (admin, form) => {
  const sname = formText(form, "sname");
  const app = formText(form, "app");
  const name = formText(form, "name");
  const format = appExportFormatOf(formText(form, "format") || null);
  const text = formText(form, "input");
  const input = text.trim() === "" ? undefined : parseJsonText(text);
  const out = await runPipeline(db(), admin.name, sname, app, name, input);
  revalidatePath(`/admin/session/${encodeURIComponent(sname)}/`, "layout");
  const output = out.kind === "text" ? out.text : format === "jsonl" ? rowsJsonl(out.rows) : rowsCsv(out.rows);
  const rows = out.kind === "rows" ? `, ${out.rows.length} row${out.rows.length === 1 ? "" : "s"}` : "";
  return { message: `${app}.${name} ran: ${out.changed} field write${out.changed === 1 ? "" : "s"}${rows}.`, output };
});
