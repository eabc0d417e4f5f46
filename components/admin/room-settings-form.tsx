"use client";

import { useState } from "react";
import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { parseLabels } from "@/lib/experiment/room-labels";
import { ActionMessage, FieldError } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useResetOn } from "./use-reset-on";

export interface RoomSettingsValues {
  config: string | null;
  labels: string[] | null;
  capacity: number | null;
  open: boolean;
}

/**
 * A room's settings: for a new room (with its name) or an existing one without a session.
 * Labels come one per line, typed or read from a text file (`#` comments allowed).
 */
export function RoomSettingsForm({ room, configs, initial, action, submitLabel }: Readonly<{ room?: string; configs: string[]; initial: RoomSettingsValues; action: AdminActionFn; submitLabel: string }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  const [config, setConfig] = useState(initial.config ?? "");
  const [useLabels, setUseLabels] = useState(initial.labels !== null);
  const [labels, setLabels] = useState((initial.labels ?? []).join("\n"));
  const [limit, setLimit] = useState(initial.capacity !== null);
  const [capacity, setCapacity] = useState(String(initial.capacity ?? ""));
  const [open, setOpen] = useState(initial.open);
  // Settings stored meanwhile (another admin) replace what the form shows, so saving it never
  // puts back stale ones.
  useResetOn(JSON.stringify(initial), () => {
    setConfig(initial.config ?? "");
    setUseLabels(initial.labels !== null);
    setLabels((initial.labels ?? []).join("\n"));
    setLimit(initial.capacity !== null);
    setCapacity(String(initial.capacity ?? ""));
    setOpen(initial.open);
  });
  const [fileNote, setFileNote] = useState<string | null>(null);
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const count = parseLabels(labels).length;
  const id = (name: string) => (room ? `${name}-${room}` : name);
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${id(name)}-error` } : {});

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > 5_000_000) return setFileNote(`${file.name} is larger than 5 MB: is it really a list of labels?`);
    const found = parseLabels(await file.text());
    setUseLabels(true);
    setLabels(found.join("\n"));
    setFileNote(`${found.length} label${found.length === 1 ? "" : "s"} read from ${file.name}.`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      {state && !state.ok && !Object.keys(errors).length ? <ActionMessage state={state} /> : null}
      {room ? null : (
        <div>
          <label htmlFor="name" className={labelStyles}>
            Room name
          </label>
          <input id="name" name="name" required autoComplete="off" spellCheck={false} className={`${inputStyles} mt-1 max-w-sm font-mono`} {...invalid("name")} />
          <p className={hintStyles}>Part of the participants&apos; link /room/&lt;name&gt;/: letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</p>
          <FieldError id={`${id("name")}-error`} messages={errors.name} />
        </div>
      )}

      <div>
        <label htmlFor={id("config")} className={labelStyles}>
          Config
        </label>
        <select id={id("config")} name="config" value={config} onChange={(e) => setConfig(e.target.value)} className={`${inputStyles} mt-1 max-w-sm`} {...invalid("config")}>
          <option value="">None: participants wait until you create a session</option>
          {configs.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <p className={hintStyles}>With a config, the first participant of an open room starts a session of it.</p>
        <FieldError id={`${id("config")}-error`} messages={errors.config} />
      </div>

      <fieldset className="space-y-2">
        <legend className="sr-only">Labels</legend>
        <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
          <input type="checkbox" name="useLabels" checked={useLabels} onChange={(e) => setUseLabels(e.target.checked)} className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
          Use labels (access codes)
        </label>
        {useLabels ? (
          <div className="space-y-1 pl-6">
            <label htmlFor={id("labels")} className="sr-only">
              Labels, one per line
            </label>
            <textarea id={id("labels")} name="labels" rows={6} value={labels} onChange={(e) => setLabels(e.target.value)} spellCheck={false} placeholder={"A1\nA2\nA3"} className={`${inputStyles} font-mono`} {...invalid("labels")} />
            <div className="flex flex-wrap items-center gap-3 text-xs text-stone-600">
              <span>{count === 0 ? "No labels: any access code is accepted." : `${count} label${count === 1 ? "" : "s"}: only these codes get in.`}</span>
              <label className={`${buttonStyles.ghost} cursor-pointer px-2 py-1 text-xs focus-within:outline-2 focus-within:outline-emerald-700`}>
                Read from a file…
                <input type="file" accept=".txt,.csv,text/plain" className="sr-only" onChange={(e) => void readFile(e.target.files?.[0])} />
              </label>
              {fileNote ? <span role="status">{fileNote}</span> : null}
            </div>
            <p className={hintStyles}>One per line, up to 128 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;. In a file, lines starting with # are skipped.</p>
            <FieldError id={`${id("labels")}-error`} messages={errors.labels} />
          </div>
        ) : (
          <p className="pl-6 text-xs text-stone-500">Anyone with the link can join; a ?label= in the link is kept as the player&apos;s label.</p>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="sr-only">Capacity</legend>
        <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
          <input type="checkbox" checked={limit} onChange={(e) => setLimit(e.target.checked)} className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
          Limit the number of players
        </label>
        {limit ? (
          <div className="pl-6">
            <label htmlFor={id("capacity")} className="sr-only">
              Maximum players
            </label>
            <input id={id("capacity")} name="capacity" inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} placeholder="e.g. 40" className={`${inputStyles} max-w-32`} {...invalid("capacity")} />
            <p className={hintStyles}>Slots created beforehand can always be claimed; the limit stops the session from growing beyond it.</p>
            <FieldError id={`${id("capacity")}-error`} messages={errors.capacity} />
          </div>
        ) : (
          <p className="pl-6 text-xs text-stone-500">{useLabels && count > 0 ? `At most one player per label (${count}).` : "No limit."}</p>
        )}
      </fieldset>

      <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
        <input type="checkbox" name="open" checked={open} onChange={(e) => setOpen(e.target.checked)} className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
        Open: accept participants now
      </label>

      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {submitLabel}
        </button>
        <ActionMessage state={state && state.ok ? state : null} pending={pending} />
      </div>
    </form>
  );
}
