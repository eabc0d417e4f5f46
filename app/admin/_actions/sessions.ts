"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { InvalidInputError } from "@/lib/errors";
import { runNewSession, setSessionActive, setSessionDescription, setSessionSettings, setSessionTesting } from "@/lib/engine/admin/session-controls";
import { setMonitorFields } from "@/lib/engine/admin/monitor-fields";
import { createSession } from "@/lib/engine/admin/sessions";
import { db } from "@/lib/store/db";
import { adminBy } from "@/lib/store/field-log";
import { adminAction, formText } from "../_lib/action";
import { jsonSettings, sessionInputOf } from "../_lib/session-form";

// The admin's session actions: thin wrappers over lib/engine, which the REST API and CLI
// share. Each names its session in the form; every one is checked by adminAction first.

const flag = (form: FormData, name: string) => {
  const value = formText(form, name);
  if (value !== "true" && value !== "false") throw new InvalidInputError(`"${name}" must be true or false`);
  return value === "true";
};

/** This tab re-reads the session with the action's answer; the others on the engine's news (session:changed). */
function changed(sname: string) {
  revalidatePath(`/admin/session/${encodeURIComponent(sname)}/`);
}

export const createSessionAction = adminAction("createSession", async (admin, form) => {
  const created = await createSession(db(), sessionInputOf(form), adminBy(admin.name));
  redirect(`/admin/session/${encodeURIComponent(created.name)}/?created=1`);
});

export const setActiveAction = adminAction("setActive", async (admin, form) => {
  const sname = formText(form, "sname");
  const active = flag(form, "active");
  await setSessionActive(db(), admin.name, sname, active);
  changed(sname);
  return active ? "Session resumed: participants can continue." : "Session paused: participants see a paused page and cannot submit.";
});

export const setTestingAction = adminAction("setTesting", async (admin, form) => {
  const sname = formText(form, "sname");
  const testing = flag(form, "testing");
  await setSessionTesting(db(), admin.name, sname, testing);
  changed(sname);
  return testing ? "Marked as a test run." : "No longer marked as a test run.";
});

export const setDescriptionAction = adminAction("setDescription", async (admin, form) => {
  const sname = formText(form, "sname");
  await setSessionDescription(db(), admin.name, sname, formText(form, "description"));
  changed(sname);
  return "Description saved.";
});

export const setSettingsAction = adminAction("setSettings", async (admin, form) => {
  const sname = formText(form, "sname");
  await setSessionSettings(db(), admin.name, sname, jsonSettings(formText(form, "settings")));
  changed(sname);
  return "Settings saved.";
});

export const runNewSessionAction = adminAction("runNewSession", async (admin, form) => {
  const sname = formText(form, "sname");
  const { hooks } = await runNewSession(db(), admin.name, sname);
  changed(sname);
  return hooks === 0 ? "No app of this session defines newSession; the session is marked initialized." : `newSession ran (${hooks} app${hooks === 1 ? "" : "s"}).`;
});

/** The monitor's field columns: one "field" entry per chosen field, in order. */
export const setMonitorFieldsAction = adminAction("setMonitorFields", async (admin, form) => {
  const sname = formText(form, "sname");
  const fields = form.getAll("field").filter((f): f is string => typeof f === "string");
  const { message } = await setMonitorFields(db(), admin.name, sname, fields);
  changed(sname);
  return message;
});
