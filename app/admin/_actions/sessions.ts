"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runNewSession, setSessionActive, setSessionDescription, setSessionSettings, setSessionTesting } from "@/lib/engine/admin/session-controls";
import { setMonitorFields } from "@/lib/engine/admin/monitor-fields";
import { createSession } from "@/lib/engine/admin/sessions";
import { db } from "@/lib/store/db";
import { adminBy } from "@/lib/store/field-log";
import { adminAction, boundAdminAction, parseForm, ZBoundName } from "../_lib/action";
import { jsonSettings, sessionInputOf } from "../_lib/session-form";

// The admin's session actions: thin wrappers over lib/engine, which the REST API and CLI
// share. The session page binds the session's name; every one is checked by adminAction first.

const flag = (name: string) => z.enum(["true", "false"], { error: `"${name}" must be true or false` }).transform((v) => v === "true");
const ZActive = z.object({ active: flag("active") });
const ZTesting = z.object({ testing: flag("testing") });
const ZDescription = z.object({ description: z.string().default("") });
const ZSettings = z.object({ settings: z.string().default("") });
const ZMonitorFields = z.object({ field: z.array(z.string()) });

/** The session the page binds to its actions. */
const onSession = z.tuple([ZBoundName]);

/** This tab re-reads the session with the action's answer; the others on the engine's news (session:changed). */
function changed(sname: string) {
  revalidatePath(`/admin/session/${encodeURIComponent(sname)}/`);
}

export const createSessionAction = adminAction("createSession", async (admin, form) => {
  const created = await createSession(db(), sessionInputOf(form), adminBy(admin.name));
  redirect(`/admin/session/${encodeURIComponent(created.name)}/?created=1`);
});

export const setActiveAction = boundAdminAction("setActive", onSession, async (admin, form, sname) => {
  const { active } = parseForm(ZActive, form);
  await setSessionActive(db(), admin.name, sname, active);
  changed(sname);
  return active ? "Session resumed: participants can continue." : "Session paused: participants see a paused page and cannot submit.";
});

export const setTestingAction = boundAdminAction("setTesting", onSession, async (admin, form, sname) => {
  const { testing } = parseForm(ZTesting, form);
  await setSessionTesting(db(), admin.name, sname, testing);
  changed(sname);
  return testing ? "Marked as a test run." : "No longer marked as a test run.";
});

export const setDescriptionAction = boundAdminAction("setDescription", onSession, async (admin, form, sname) => {
  await setSessionDescription(db(), admin.name, sname, parseForm(ZDescription, form).description);
  changed(sname);
  return "Description saved.";
});

export const setSettingsAction = boundAdminAction("setSettings", onSession, async (admin, form, sname) => {
  await setSessionSettings(db(), admin.name, sname, jsonSettings(parseForm(ZSettings, form).settings));
  changed(sname);
  return "Settings saved.";
});

export const runNewSessionAction = boundAdminAction("runNewSession", onSession, async (admin, form, sname) => {
  const { hooks } = await runNewSession(db(), admin.name, sname);
  changed(sname);
  return hooks === 0 ? "No app of this session defines newSession; the session is marked initialized." : `newSession ran (${hooks} app${hooks === 1 ? "" : "s"}).`;
});

/** The monitor's field columns: one "field" entry per chosen field, in order. */
export const setMonitorFieldsAction = boundAdminAction("setMonitorFields", onSession, async (admin, form, sname) => {
  const { message } = await setMonitorFields(db(), admin.name, sname, parseForm(ZMonitorFields, form, ["field"]).field);
  changed(sname);
  return message;
});
