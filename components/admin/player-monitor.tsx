"use client";

import { memo, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonStyles, inlineInputStyles, inputStyles } from "@/components/ui/styles";
import type { MonitorRow } from "@/lib/data/monitor";
import { QUALITY_LABELS } from "@/lib/data/quality-labels";
import { QUALITY_FLAGS, type QualityFlag } from "@/lib/store/quality-flags";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useAdminLive } from "./use-admin-live";
import { useResetOn } from "./use-reset-on";
import { useVisibleRows } from "./use-visible-rows";

type SortKey = "index" | "label" | "name" | "position" | "round" | "group" | "online" | "dropout" | "quality" | `field:${string}`;
/** The quality filter: every player, those with any flag, or those with one flag. */
type QualityFilter = "" | "flagged" | QualityFlag;
type Panel = null | "message" | "chat" | "redirect" | "fields" | "group" | "time";

const COLUMNS: { key: SortKey; label: string; className?: string }[] = [
  { key: "index", label: "#", className: "w-10 text-right" },
  { key: "label", label: "Label" },
  { key: "name", label: "Player" },
  { key: "position", label: "Page" },
  { key: "position", label: "Progress" },
  { key: "round", label: "Round" },
  { key: "group", label: "Group" },
  { key: "online", label: "Online" },
  { key: "dropout", label: "Dropout" },
  { key: "quality", label: "Quality" },
];

function pageLabel(r: MonitorRow): string {
  if (r.position < 0) return "not started";
  if (r.position >= r.pages) return "end";
  return r.page ?? "?";
}

/** A field column's value as the cell shows it: text as it is, other JSON as JSON; empty when unset. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function sortValue(r: MonitorRow, key: SortKey): string | number {
  if (key.startsWith("field:")) {
    const value = r.fields[key.slice("field:".length)];
    // Numbers by value; unset last.
    return typeof value === "number" ? value : value === null || value === undefined ? "\uffff" : fieldText(value);
  }
  switch (key) {
    case "online":
      return r.online ? 0 : 1;
    case "dropout":
      return r.dropout ? 0 : 1;
    case "quality":
      // the most flags first
      return -r.quality.length;
    case "group":
      return r.group ?? "\uffff";
    case "round":
      return r.round ?? -1;
    default:
      return r[key as "index" | "label" | "name" | "position"];
  }
}

const qualityMatches = (r: MonitorRow, f: QualityFilter) => f === "" || (f === "flagged" ? r.quality.length > 0 : r.quality.includes(f));

const matches = (r: MonitorRow, q: string) => !q || [r.name, r.label, ...Object.values(r.entry), pageLabel(r), r.group ?? "", String(r.index), ...Object.values(r.fields).map(fieldText)].some((v) => v.toLowerCase().includes(q));

/** Numbers before text (so a column of numbers sorts by value), then by value. */
function compare(x: string | number, y: string | number): number {
  if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The time part of an ISO time in the admin's zone; only after mount (the server's zone differs). */
function Clock({ iso }: Readonly<{ iso: string | null }>) {
  const [text, setText] = useState("");
  useEffect(() => setText(iso ? new Date(iso).toLocaleTimeString() : ""), [iso]);
  return <span className="text-xs text-stone-500 tabular-nums">{iso ? text : "never"}</span>;
}

/** "3/12"; before the start "not started", with the length every page order has when chance does not decide it. */
function progressLabel(r: MonitorRow, notStartedPages: number | null): string {
  if (r.position < 0) return notStartedPages === null ? "not started" : `not started · ${notStartedPages} pages`;
  return `${Math.min(r.position + 1, r.pages)}/${r.pages}`;
}

// A session of thousands of players would be thousands of table rows, each compared again on
// every batch of moves (the admin's browser then takes a core from the server's machine): above
// 200 shown, only the rows in view are rendered. Every row is one line high (no cell wraps).
const ROW_HEIGHT = 34;

/** The entry parameters on the label's line, cut to a width (all of them in the tooltip). */
function EntryParams({ entry, spaced }: Readonly<{ entry: Record<string, string>; spaced: boolean }>) {
  const text = Object.entries(entry)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  return (
    <span className={`${spaced ? "ml-2 " : ""}inline-block max-w-64 truncate align-bottom font-mono text-xs text-stone-500`} title={text} data-cell="entry">
      {text}
    </span>
  );
}

const Row = memo(function Row({ row, sname, notStartedPages, fields, selected, onToggle }: Readonly<{ row: MonitorRow; sname: string; notStartedPages: number | null; fields: readonly string[]; selected: boolean; onToggle: (name: string) => void }>) {
  return (
    <tr
      data-player={row.name}
      aria-selected={selected}
      style={{ height: ROW_HEIGHT }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a, input")) return;
        onToggle(row.name);
      }}
      className={`cursor-pointer ${selected ? "bg-emerald-50" : "hover:bg-stone-50"} ${row.dropout ? "text-stone-400" : ""}`}
    >
      <td className="px-2 py-1.5">
        <input type="checkbox" aria-label={`Select player ${row.index}`} checked={selected} onChange={() => onToggle(row.name)} className="h-4 w-4 accent-emerald-700" />
      </td>
      <td className="px-2 py-1.5 text-right text-stone-500 tabular-nums">{row.index}</td>
      <td className="px-2 py-1.5 whitespace-nowrap" data-cell="label">
        {row.label}
        {Object.keys(row.entry).length > 0 ? (
          // the entry link's kept parameters (recruitment IDs), erasable with "Erase IDs"; on the label's line, as every row is one line high
          <EntryParams entry={row.entry} spaced={row.label !== ""} />
        ) : null}
      </td>
      <td className="px-2 py-1.5 font-mono text-xs">
        <a href={`/p/${encodeURIComponent(sname)}/${encodeURIComponent(row.name)}/`} target="_blank" rel="noreferrer" className="text-emerald-800 hover:underline">
          {row.name}
        </a>
      </td>
      <td className="px-2 py-1.5 font-mono text-xs" data-cell="page">
        {row.position < 0 ? <span className="text-stone-400" aria-label="no page yet">—</span> : pageLabel(row)}
      </td>
      <td className={`px-2 py-1.5 whitespace-nowrap tabular-nums ${row.position < 0 ? "text-stone-500" : ""}`} data-cell="progress">
        {progressLabel(row, notStartedPages)}
      </td>
      <td className="px-2 py-1.5 tabular-nums">{row.round ?? ""}</td>
      <td className="px-2 py-1.5" data-cell="group">
        {row.group ? `${row.group} · ${row.memberIndex}` : ""}
      </td>
      <td className="px-2 py-1.5 whitespace-nowrap" data-cell="online">
        <span aria-hidden className={`mr-1.5 inline-block h-2 w-2 rounded-full ${row.online ? "bg-emerald-500" : "bg-stone-300"}`} />
        <span className="sr-only">{row.online ? "online" : "offline"}</span>
        <Clock iso={row.lastSeen} />
      </td>
      <td className="px-2 py-1.5" data-cell="dropout">
        {row.dropout ? <Badge tone="red">dropout</Badge> : null}
        {row.standIn === "bot" ? <Badge tone="amber">bot plays</Badge> : row.standIn === "finished" ? <Badge tone="amber">bot played</Badge> : null}
      </td>
      <td className="px-2 py-1.5" data-cell="quality">
        {/* the data-quality flags raised so far (docs/data-quality.md), live */}
        <span className="flex gap-1 whitespace-nowrap">
          {row.quality.map((flag) => (
            <span key={flag} data-flag={flag} title={QUALITY_LABELS[flag].means}>
              <Badge tone={flag === "attention" || flag === "duplicate" ? "red" : "amber"}>{QUALITY_LABELS[flag].badge}</Badge>
            </span>
          ))}
        </span>
      </td>
      {fields.map((key) => {
        const text = fieldText(row.fields[key]);
        return (
          <td key={key} className="max-w-48 truncate px-2 py-1.5 font-mono text-xs" data-cell={`field:${key}`} title={text.length > 40 ? text : undefined}>
            {text}
          </td>
        );
      })}
    </tr>
  );
});

/**
 * The live player monitor: the server's rows on load, then a snapshot and batched deltas over
 * the admin socket, applied in place once per animation frame (only changed rows re-render).
 * Sorting, filtering and the selection survive every update. `notStartedPages`: how many
 * pages a player will have, when the config fixes it (null when chance or play decides).
 */
export function PlayerMonitor({
  sname,
  notStartedPages,
  fields,
  fieldChoices,
  action,
  setFieldsAction,
}: Readonly<{ sname: string; notStartedPages: number | null; fields: string[]; fieldChoices: string[]; action: AdminActionFn; setFieldsAction: AdminActionFn }>) {
  // null until the socket's first answer: the page itself does not read the rows (see its page.tsx).
  const [rows, setRows] = useState<ReadonlyMap<number, MonitorRow> | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "index", dir: 1 });
  const [filter, setFilter] = useState("");
  const [quality, setQuality] = useState<QualityFilter>("");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Panel>(null);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const pending = useRef<MonitorRow[]>([]);
  const frame = useRef<number | null>(null);

  useAdminLive(
    `monitor:${sname}`,
    async (socket) => {
      const result = await socket.emitWithAck("monitor:watch", { sname });
      if (result.ok) setRows(new Map(result.rows.map((r) => [r.id, r])));
      return result.ok;
    },
    (socket) =>
      socket.on("monitor:delta", ({ rows: changed }) => {
        pending.current.push(...changed);
        frame.current ??= requestAnimationFrame(() => {
          frame.current = null;
          const batch = pending.current;
          pending.current = [];
          setRows((prev) => {
            // Before the first full answer there is nothing to update (the answer replaces all rows, as on every reconnect).
            if (prev === null) return prev;
            const next = new Map(prev);
            for (const r of batch) next.set(r.id, r);
            return next;
          });
        });
      }),
  );
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const all = useMemo(() => [...(rows?.values() ?? [])], [rows]);
  const q = filter.trim().toLowerCase();
  const shown = useMemo(() => {
    const list = all.filter((r) => matches(r, q) && qualityMatches(r, quality));
    // The rows come in slot order and keep their place when updated: the default order needs no sort.
    if (sort.key === "index" && sort.dir === 1) return list;
    return list.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (compare(x, y) || a.index - b.index) * sort.dir;
    });
  }, [all, q, quality, sort]);
  const { first, last, onScroll } = useVisibleRows(shown.length, { rowHeight: ROW_HEIGHT, overscan: 20, from: 200 });
  const toggle = useCallback((name: string) => setSelected((s) => (s.has(name) ? new Set([...s].filter((n) => n !== name)) : new Set([...s, name]))), []);
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(r.name));
  const counts = {
    started: all.filter((r) => r.started).length,
    online: all.filter((r) => r.online).length,
    finished: all.filter((r) => r.pages > 0 && r.position >= r.pages).length,
    dropouts: all.filter((r) => r.dropout).length,
    flagged: all.filter((r) => r.quality.length > 0).length,
  };

  const { state, pending: busy, onSubmit } = useAdminForm(action);
  const [message, setMessage] = useState("");
  const submitted = useRef<string | null>(null);
  // A message that went out leaves the box empty: sending it twice takes retyping it.
  useResetOn(state, () => {
    if (state?.ok && (submitted.current === "message" || submitted.current === "chat")) setMessage("");
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    const button = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const question = button?.dataset.confirm;
    if (question && !window.confirm(question.replace("#", String(selected.size)))) return e.preventDefault();
    submitted.current = button?.value ?? null;
    onSubmit(e);
  };
  const act = (value: string, label: string, confirm?: string, tone: keyof typeof buttonStyles = "secondary") => (
    // formNoValidate: an open message or address panel must not block the other actions (the server checks every input).
    <button type="submit" name="action" value={value} data-confirm={confirm} formNoValidate disabled={busy || selected.size === 0} className={buttonStyles[tone]}>
      {label}
    </button>
  );
  const opener = (which: Exclude<Panel, null>, label: string) => (
    <button type="button" aria-expanded={panel === which} disabled={selected.size === 0} onClick={() => setPanel((p) => (p === which ? null : which))} className={buttonStyles.secondary}>
      {label}…
    </button>
  );

  return (
    <div className="space-y-3">
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-600" data-testid="monitor-counts">
        <span>
          <strong className="text-stone-900 tabular-nums">{all.length}</strong> players
        </span>
        <span>
          <strong className="text-stone-900 tabular-nums">{counts.started}</strong> started
        </span>
        <span>
          <strong className="text-stone-900 tabular-nums">{counts.online}</strong> online
        </span>
        <span>
          <strong className="text-stone-900 tabular-nums">{counts.finished}</strong> finished
        </span>
        <span className={counts.dropouts ? "text-red-700" : ""}>
          <strong className="tabular-nums">{counts.dropouts}</strong> dropouts
        </span>
        <span className={counts.flagged ? "text-amber-800" : ""} data-testid="monitor-flagged">
          <strong className="tabular-nums">{counts.flagged}</strong> flagged
        </span>
      </p>

      <form onSubmit={submit} className="space-y-2 rounded-lg border border-stone-200 bg-stone-50 p-3">
        {[...selected].map((name) => (
          <input key={name} type="hidden" name="player" value={name} />
        ))}
        <div className="flex flex-wrap items-center gap-2">
          <span className="mr-1 text-sm font-medium" aria-live="polite">
            {selected.size === 0 ? "Select players to act on them" : `${selected.size} selected`}
          </span>
          {act("advance", "Advance", "Move # player(s) forward one page?")}
          {act("revert", "Revert", "Move # player(s) back one page?")}
          {act("end", "Move to end", "End the study for # player(s)?", "danger")}
          {act("reload", "Reload")}
          {opener("message", "Send message")}
          {opener("chat", "Chat")}
          {act("dropout", "Mark as dropout", "Mark # player(s) as dropouts? Their dropout handlers run.", "danger")}
          {opener("redirect", "Redirect")}
          {opener("fields", "Set fields")}
          {opener("group", "Group")}
          {opener("time", "Adjust time")}
          {act("newPlayer", "Run newPlayer", "Run newPlayer again for # player(s)?")}
          {act("eraseEntry", "Erase IDs", "Erase the entry parameters (recruitment IDs) of # player(s)? This cannot be undone.", "danger")}
        </div>
        {panel === "message" ? (
          <div className="flex flex-wrap items-end gap-2">
            <textarea name="text" rows={2} required aria-label="Message" placeholder="Shown on the selected players' screens" value={message} onChange={(e) => setMessage(e.target.value)} className={`${inputStyles} max-w-xl`} />
            {act("message", "Send message", undefined, "primary")}
          </div>
        ) : null}
        {panel === "chat" ? (
          <div className="flex flex-wrap items-end gap-2">
            <textarea name="text" rows={2} aria-label="Chat message" placeholder="Appears in the selected players' chat panels (kept in the data)" value={message} onChange={(e) => setMessage(e.target.value)} className={`${inputStyles} max-w-xl`} />
            {act("chat", "Send chat message", undefined, "primary")}
            {act("repliesOn", "Allow replies")}
            {act("repliesOff", "Stop replies")}
          </div>
        ) : null}
        {panel === "redirect" ? (
          <div className="flex flex-wrap items-end gap-2">
            <input name="url" type="url" required aria-label="Redirect address" placeholder="https://..." className={`${inputStyles} max-w-xl`} />
            {act("redirect", "Redirect players", "Send # player(s) to this address? They leave the study page.", "primary")}
            {act("redirectCompletion", "To completion address", "Send # player(s) to the config's completion address (each with their own IDs filled in)?")}
            {act("redirectScreenOut", "To screen-out address", "Send # player(s) to the config's screen-out address (each with their own IDs filled in)?")}
          </div>
        ) : null}
        {panel === "fields" ? (
          <div className="flex flex-wrap items-end gap-2">
            <textarea name="fields" rows={3} aria-label="Fields (JSON)" placeholder='{"bonus": 2}' spellCheck={false} className={`${inputStyles} max-w-xl font-mono`} />
            {act("fields", "Set fields", "Write these fields on # player(s)? The data records it as your change.", "primary")}
          </div>
        ) : null}
        {panel === "group" ? (
          <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            <legend className="sr-only">Grouping</legend>
            <label className="flex items-center gap-1.5 whitespace-nowrap">
              <input type="radio" name="mode" value="same" defaultChecked /> All in one group
            </label>
            <span className="flex items-center gap-1.5 whitespace-nowrap">
              <label className="flex items-center gap-1.5">
                <input type="radio" name="mode" value="bySize" /> Groups of
              </label>
              <input name="size" inputMode="numeric" defaultValue="2" aria-label="Group size" className={`${inlineInputStyles} w-14 text-center`} />
              <label className="flex items-center gap-1.5 pl-1">
                <input type="checkbox" name="shuffle" /> shuffled
              </label>
            </span>
            <label className="flex items-center gap-1.5 whitespace-nowrap">
              <input type="radio" name="mode" value="reset" /> Remove from groups
            </label>
            {act("group", "Apply grouping", "Regroup # player(s)?", "primary")}
          </fieldset>
        ) : null}
        {panel === "time" ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-1.5">
              Seconds
              <input name="seconds" inputMode="numeric" required pattern="[+\-]?[0-9]+" defaultValue="60" aria-describedby="time-hint" className={`${inlineInputStyles} w-20 text-center`} />
            </label>
            <span id="time-hint" className="text-stone-500">
              more on the current page (negative for less; a page without a time limit gets one)
            </span>
            {act("time", "Adjust time", "Change the time left for # player(s)?", "primary")}
          </div>
        ) : null}
        <ActionMessage state={state} pending={busy} />
      </form>

      <div className="flex flex-wrap items-center gap-3">
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter by name, label, page, group" aria-label="Filter players" className={`${inputStyles} max-w-xs py-1.5`} />
        <select value={quality} onChange={(e) => setQuality(e.target.value as QualityFilter)} aria-label="Filter by data quality" className={`${inlineInputStyles} py-1.5`}>
          <option value="">All players</option>
          <option value="flagged">Any quality flag</option>
          {QUALITY_FLAGS.map((flag) => (
            <option key={flag} value={flag}>
              Flag: {QUALITY_LABELS[flag].badge}
            </option>
          ))}
        </select>
        <span className="text-sm text-stone-500">
          {shown.length} of {all.length} shown
        </span>
        {selected.size > 0 ? (
          <button type="button" onClick={() => setSelected(new Set())} className={buttonStyles.ghost}>
            Clear selection
          </button>
        ) : null}
        {selected.size > 0 ? (
          // Read-only tiles of their pages (components/admin/multiview.tsx), in a tab of their own so the monitor stays.
          <a href={`/admin/session/${encodeURIComponent(sname)}/multiview/?players=${[...selected].map(encodeURIComponent).join(",")}`} target="_blank" rel="noopener" className={buttonStyles.secondary}>
            View selected
          </a>
        ) : null}
        <button type="button" aria-expanded={columnsOpen} onClick={() => setColumnsOpen((o) => !o)} className={`${buttonStyles.secondary} ml-auto`}>
          Field columns…
        </button>
      </div>
      {columnsOpen ? <FieldColumnsForm fields={fields} choices={fieldChoices} action={setFieldsAction} /> : null}

      <div onScroll={onScroll} className="max-h-[70vh] overflow-auto rounded-lg border border-stone-200">
        <table className="w-full text-left text-sm" data-testid="monitor">
          <thead className="sticky top-0 z-10 bg-white text-xs tracking-wide text-stone-500 uppercase shadow-[0_1px_0_theme(colors.stone.200)]">
            <tr>
              <th className="px-2 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all shown players"
                  checked={allShownSelected}
                  onChange={() => setSelected((s) => (allShownSelected ? new Set([...s].filter((n) => !shown.some((r) => r.name === n))) : new Set([...s, ...shown.map((r) => r.name)])))}
                  className="h-4 w-4 accent-emerald-700"
                />
              </th>
              {[...COLUMNS, ...fields.map((f) => ({ key: `field:${f}` as SortKey, label: f, className: "normal-case" }))].map((c) => (
                <th key={c.key === "position" ? c.label : c.key} className={`px-2 py-2 font-medium ${c.className ?? ""}`} aria-sort={sort.key === c.key && c.label !== "Progress" ? (sort.dir === 1 ? "ascending" : "descending") : undefined}>
                  <button type="button" onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (-s.dir as 1 | -1) : 1 }))} className={`${c.key.startsWith("field:") ? "font-mono normal-case" : "uppercase"} hover:text-stone-900`}>
                    {c.label}
                    {sort.key === c.key && c.label !== "Progress" ? (sort.dir === 1 ? " ↑" : " ↓") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {first > 0 ? <tr aria-hidden style={{ height: first * ROW_HEIGHT }} /> : null}
            {shown.slice(first, last).map((r) => (
              <Row key={r.id} row={r} sname={sname} notStartedPages={notStartedPages} fields={fields} selected={selected.has(r.name)} onToggle={toggle} />
            ))}
            {last < shown.length ? <tr aria-hidden style={{ height: (shown.length - last) * ROW_HEIGHT }} /> : null}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="p-4 text-sm text-stone-500">{rows === null ? "Loading the players…" : all.length === 0 ? "This session has no players." : "No player matches the filters."}</p> : null}
      </div>
    </div>
  );
}

/** Chooses the player fields shown as extra columns: the fields the config's pages ask for and any written so far. */
function FieldColumnsForm({ fields, choices, action }: Readonly<{ fields: string[]; choices: string[]; action: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  // Chosen fields no longer among the choices (nobody wrote them yet in this session) stay offered.
  const offered = [...new Set([...choices, ...fields])].sort();
  return (
    <form onSubmit={onSubmit} className="space-y-2 rounded-lg border border-stone-200 bg-stone-50 p-3 text-sm">
      <fieldset>
        <legend className="mb-1 font-medium">Show these player fields as columns (for every admin of this session)</legend>
        {offered.length === 0 ? <p className="text-stone-500">No player fields yet: this config&apos;s pages ask for none and nothing has been written.</p> : null}
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {offered.map((f) => (
            <label key={f} className="flex items-center gap-1.5 font-mono text-xs">
              <input type="checkbox" name="field" value={f} defaultChecked={fields.includes(f)} className="h-4 w-4 accent-emerald-700" />
              {f}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={pending} className={buttonStyles.primary}>
        Show columns
      </button>
      <ActionMessage state={state} pending={pending} />
    </form>
  );
}
