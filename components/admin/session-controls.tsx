"use client";

import { useState } from "react";
import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { ActionButton } from "./action-button";
import { ActionMessage } from "./action-message";
import { jsonObjectProblem } from "./json-object-problem";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useResetOn } from "./use-reset-on";

export interface SessionControlActions {
  setActive: AdminActionFn;
  setTesting: AdminActionFn;
  setDescription: AdminActionFn;
  setSettings: AdminActionFn;
  runNewSession: AdminActionFn;
}

function TextForm({ action, name, label, initial, rows, mono, hint, check }: Readonly<{ action: AdminActionFn; name: string; label: string; initial: string; rows: number; mono?: boolean; hint: string; check?: (text: string) => string | null }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  const [text, setText] = useState(initial);
  // A new value from the server replaces the text unless the admin is editing it: when the
  // text is still the old value, or is what was just saved (the server may reformat it).
  const [saved, setSaved] = useState<string | null>(null);
  useResetOn(initial, (previous) => {
    if (text === previous || text === saved) setText(initial);
  });
  const problem = check?.(text) ?? null;
  return (
    <form
      onSubmit={(e) => {
        setSaved(text);
        onSubmit(e);
      }}
      className="space-y-1.5"
    >
      <label htmlFor={`control-${name}`} className={labelStyles}>
        {label}
      </label>
      <textarea
        id={`control-${name}`}
        name={name}
        rows={rows}
        value={text}
        spellCheck={!mono}
        aria-invalid={problem || (state && !state.ok) ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        className={`${inputStyles} ${mono ? "font-mono" : ""}`}
      />
      <p className={hintStyles}>{hint}</p>
      {problem ? <p className="text-sm text-red-700">{problem}</p> : null}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending || text === initial} className={buttonStyles.secondary}>
          Save {label.toLowerCase()}
        </button>
        <ActionMessage state={state} pending={pending} />
      </div>
    </form>
  );
}

/** The session controls: pause/resume, test run, description, settings, run newSession. */
export function SessionControls({ active, testing, description, settings, initialized, actions }: Readonly<{ active: boolean; testing: boolean; description: string; settings: string; initialized: boolean; actions: SessionControlActions }>) {
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <ActionButton
          // A fresh button once the state flips (from here, the paused banner or another tab): no stale outcome under it.
          key={String(active)}
          fields={{ active: String(!active) }}
          action={actions.setActive}
          label={active ? "Pause session" : "Resume session"}
          hint={active ? "Participants see a paused page and cannot submit; timers wait." : "Participants continue where they were."}
          confirmText={active ? "Pause this session? Participants will see a paused page until you resume it." : undefined}
          tone={active ? "danger" : "primary"}
        />
        <ActionButton
          fields={{ testing: String(!testing) }}
          action={actions.setTesting}
          label={testing ? "Unmark test run" : "Mark as test run"}
          hint="Test runs can be left out of session lists and exports."
        />
      </div>
      <TextForm action={actions.setDescription} name="description" label="Description" initial={description} rows={2} hint="A note for you and your team, shown in the session lists." />
      <TextForm action={actions.setSettings} name="settings" label="Settings" initial={settings} rows={Math.min(10, Math.max(3, settings.split("\n").length))} mono hint="A JSON object; replaces the settings experiment code reads. Pages render with the new values from now on." check={jsonObjectProblem} />
      <ActionButton
        fields={{ run: "true" }}
        action={actions.runNewSession}
        label="Run newSession"
        hint={initialized ? "Runs every app's newSession hook again; earlier values stay in the data's history." : "Runs every app's newSession hook now instead of when the first participant starts."}
        confirmText="Run newSession for this session now? What it writes replaces the current values."
      />
    </div>
  );
}
