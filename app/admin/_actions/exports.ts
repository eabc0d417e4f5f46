"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { APP_EXPORT_FORMATS, rowsCsv, rowsJsonl } from "@/lib/data/app-exports";
import { runPipeline } from "@/lib/engine/admin/app-exports";
import { db } from "@/lib/store/db";
import { parseJsonText } from "@/lib/store/json";
import { boundAdminAction, parseForm, ZBoundName } from "../_lib/action";

// An app's pipeline, run from the session's data page (which binds the session's name): the
// same engine function as the API's POST, so it is validated, audited and heard by the
// participants' tabs the same way.

const ZPipelineForm = z.object({
  app: z.string().min(1, "Which app?").max(64),
  name: z.string().min(1, "Which export?").max(64),
  format: z.enum(APP_EXPORT_FORMATS, { error: "format must be csv or jsonl" }).default("csv"),
  input: z.string().max(100_000, "The input is too long").default(""),
});

export const runPipelineAction = boundAdminAction("runPipeline", z.tuple([ZBoundName]), async (admin, form, sname) => {
  const { app, name, format, input: text } = parseForm(ZPipelineForm, form);
  const input = text.trim() === "" ? undefined : parseJsonText(text);
  const out = await runPipeline(db(), admin.name, sname, app, name, input);
  revalidatePath(`/admin/session/${encodeURIComponent(sname)}/`, "layout");
  const output = out.kind === "text" ? out.text : format === "jsonl" ? rowsJsonl(out.rows) : rowsCsv(out.rows);
  const rows = out.kind === "rows" ? `, ${out.rows.length} row${out.rows.length === 1 ? "" : "s"}` : "";
  return { message: `${app}.${name} ran: ${out.changed} field write${out.changed === 1 ? "" : "s"}${rows}.`, output };
});
