"use client";

import { useEffect, useState, type ReactNode } from "react";
import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { ActionMessage, FieldError } from "./action-message";
import { jsonObjectProblem } from "./json-object-problem";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

export interface ConfigChoice {
  name: string;
  apps: string[];
  description: string;
  /** pretty JSON of the config's default settings */
  settings: string;
  /** players should come in multiples of this (groups) */
  multiple: number;
}

/** The fields this form shows; a problem with one of them is told beside it, not again above the form. */
const FIELDS = ["config", "players", "settings", "name", "description", "playerNames"];

/**
 * The new-session form. The room page adds its own fields (`children`, before the button)
 * and says how many participants wait beside the number of players (`playersNote`).
 */
export function NewSessionForm({
  configs,
  initialConfig,
  action,
  initialPlayers,
  playersNote,
  children,
}: Readonly<{ configs: ConfigChoice[]; initialConfig: string; action: AdminActionFn; initialPlayers?: number; playersNote?: ReactNode; children?: ReactNode }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  const [configName, setConfigName] = useState(initialConfig);
  const config = configs.find((c) => c.name === configName);
  const [players, setPlayers] = useState(String(initialPlayers ?? (config?.multiple && config.multiple > 1 ? config.multiple * 2 : 1)));
  // The room page suggests one player per waiting participant: it follows them until edited.
  const [playersEdited, setPlayersEdited] = useState(false);
  const [suggested, setSuggested] = useState(initialPlayers);
  if (initialPlayers !== suggested) {
    setSuggested(initialPlayers);
    if (!playersEdited && initialPlayers !== undefined) setPlayers(String(initialPlayers));
  }
  const [settings, setSettings] = useState(config?.settings ?? "{}");
  const [settingsEdited, setSettingsEdited] = useState(false);
  const [playerNames, setPlayerNames] = useState("");
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const localSettingsProblem = jsonObjectProblem(settings);
  const n = Number(players);
  const names = playerNames.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  const fieldProblems = FIELDS.filter((f) => errors[f]?.length);
  // The first field the server refused gets the focus, so a message below the fold is not missed.
  useEffect(() => {
    if (fieldProblems[0]) document.getElementById(fieldProblems[0])?.focus();
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps
  const fieldProps = (name: string) => ({ id: name, name, "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      {state && !state.ok && fieldProblems.length === 0 ? <ActionMessage state={state} /> : null}
      <div>
        <label htmlFor="config" className={labelStyles}>
          Config
        </label>
        <select
          {...fieldProps("config")}
          value={configName}
          onChange={(e) => {
            setConfigName(e.target.value);
            const next = configs.find((c) => c.name === e.target.value);
            if (!settingsEdited) setSettings(next?.settings ?? "{}");
          }}
          className={`${inputStyles} mt-1`}
        >
          {configs.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <FieldError id="config-error" messages={errors.config} />
        {config ? (
          <div className="mt-2 rounded-lg bg-stone-50 px-3 py-2 text-sm text-stone-700" data-testid="config-info">
            <p>
              <span className="text-stone-500">Apps:</span> <span className="font-mono">{config.apps.join(" → ")}</span>
            </p>
            {config.description ? <p className="mt-0.5">{config.description}</p> : null}
          </div>
        ) : null}
      </div>

      <div>
        <label htmlFor="players" className={labelStyles}>
          Number of players {playersNote}
        </label>
        <input {...fieldProps("players")} inputMode="numeric" value={players} onChange={(e) => {
            setPlayers(e.target.value.replace(/[^\d]/g, ""));
            setPlayersEdited(true);
          }} className={`${inputStyles} mt-1 max-w-40`} />
        <FieldError id="players-error" messages={errors.players} />
        {config && config.multiple > 1 && Number.isInteger(n) && n > 0 && n % config.multiple !== 0 ? (
          <p className="mt-1 text-sm text-amber-700" role="status">
            {n} is not a multiple of {config.multiple}: this config forms groups of {config.multiple}, so some players would wait without a group.
          </p>
        ) : null}
      </div>

      <div>
        <label htmlFor="settings" className={labelStyles}>
          Settings (JSON)
        </label>
        <textarea
          {...fieldProps("settings")}
          rows={Math.min(12, Math.max(3, settings.split("\n").length))}
          value={settings}
          spellCheck={false}
          onChange={(e) => {
            setSettings(e.target.value);
            setSettingsEdited(true);
          }}
          className={`${inputStyles} mt-1 font-mono`}
        />
        <p className={hintStyles}>The config&apos;s defaults are filled in. Experiment code reads these as settings.</p>
        <FieldError id="settings-error" messages={errors.settings ?? (localSettingsProblem ? [localSettingsProblem] : undefined)} />
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <label htmlFor="name" className={labelStyles}>
            Session name <span className="font-normal text-stone-500">(optional)</span>
          </label>
          <input {...fieldProps("name")} autoComplete="off" placeholder="generated when empty" className={`${inputStyles} mt-1 font-mono`} />
          <FieldError id="name-error" messages={errors.name} />
        </div>
        <div>
          <label htmlFor="description" className={labelStyles}>
            Description <span className="font-normal text-stone-500">(optional)</span>
          </label>
          <input {...fieldProps("description")} placeholder="e.g. Lab 2, Tuesday morning" className={`${inputStyles} mt-1`} />
        </div>
      </div>

      <div>
        <label htmlFor="playerNames" className={labelStyles}>
          Player names <span className="font-normal text-stone-500">(optional, one per line)</span>
        </label>
        <textarea {...fieldProps("playerNames")} rows={4} value={playerNames} onChange={(e) => setPlayerNames(e.target.value)} spellCheck={false} className={`${inputStyles} mt-1 font-mono`} />
        <p className={hintStyles}>
          {names.length === 0 ? "Unguessable names are generated when empty." : `${names.length} name${names.length === 1 ? "" : "s"} for ${players || 0} players.`}
        </p>
        <FieldError id="playerNames-error" messages={errors.playerNames} />
      </div>

      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="testing" className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
        This is a test run <span className="text-stone-500">(can be left out of lists and exports)</span>
      </label>

      {children}

      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={`${buttonStyles.primary} px-4 py-2`}>
          {pending ? "Creating…" : "Create session"}
        </button>
        {pending ? <ActionMessage state={null} pending /> : null}
      </div>
    </form>
  );
}
