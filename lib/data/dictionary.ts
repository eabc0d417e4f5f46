import type { AppDef, Field, PageItem, StoredField } from "../experiment/index.ts";
import { RESERVED_FIELD_NAMES } from "../experiment/define-app.ts";
import { getApp } from "../project.ts";
import type { Db } from "../store/db.ts";
import { Prisma } from "../store/generated/client.ts";
import { csvLines } from "./csv.ts";
import { fieldValueColumn } from "../store/columns.ts";
import { QUALITY_COLUMN_DESCRIPTIONS } from "./quality-export.ts";

// The data dictionary of a session: what every column of its downloads means. Built from the
// apps' definitions (each form field with its page, type, label, choices and bounds), Sprout's
// own columns, and the fields only code writes (hooks, live methods, admins), which no
// definition declares: those are listed with the JSON types seen in the session's log. Fields
// an app declares with stored() are listed as declared, on their level, with their labels.

export interface DictionaryEntry {
  /** the column name in the downloads */
  field: string;
  /** player, group or session */
  owner: string;
  /** the app whose page asks for it (empty for Sprout's own and undeclared fields written outside an app) */
  app: string;
  page: string;
  /** the stored type: integer, number, decimal (text), text, boolean, date (text), email (text), one of the choices, list of choices, or the types seen */
  type: string;
  label: string;
  /** stored value = label shown; … */
  choices: string;
  /** min…max, length limits, decimal places */
  bounds: string;
  optional: boolean | null;
  /** asked once per round (the page is inside rounds() or repeat()) */
  perRound: boolean | null;
  /** declared by an app (a page's form field, or stored()); false: written only by code */
  declared: boolean;
  description: string;
}

/** Columns Sprout adds to the downloads (wide.csv, rounds.csv, groups.csv, sessions.csv), with what they hold. */
const BUILT_IN: readonly [string, string][] = [
  ["session", "the session's name"],
  ["player", "the player's name (the last part of their link)"],
  ["index", "the player's number in the session, from 0"],
  ["label", "the participant label (a room's access code or ?label= on the link), else empty"],
  ["started", "whether the participant has started"],
  ["position", "the index of the current page in the player's page order (-1 before the start)"],
  ["page", "the current page as app/Page"],
  ["app", "rounds.csv: the app the row's values were written in"],
  ["round", "rounds.csv: the round (empty for an app without rounds)"],
  ["group", "the player's group (g1, g2, …); in rounds.csv as it was in that round"],
  ["memberIndex", "the player's place in their group, from 0"],
  ["role", "rounds.csv: the player's role in that round: the app's role of their member index where it declares roles, else their `role` field"],
  ["dropout", "whether the player was marked as a dropout"],
  ["finished", "whether the player reached the end of the study"],
  ["testing", "whether the session is marked as a test run"],
  ["size", "groups.csv: how many players the group had in that round"],
  ["members", "groups.csv: the group's players in that round, by member index, separated by spaces"],
  ["created", "sessions.csv: when the session was created (ISO 8601, UTC)"],
  ["players", "sessions.csv: how many players the session has"],
  ["dropouts", "sessions.csv: how many players were marked as dropouts"],
];

/** An app's declared roles as a dictionary entry: the role column's values, by member index. */
const rolesEntry = (app: AppDef): DictionaryEntry[] =>
  app.roles
    ? [{ field: "role", owner: "player", app: app.name, page: "", type: "one of the choices", label: "role in the group", choices: app.roles.map((r, i) => `${i} = ${r}`).join("; "), bounds: "", optional: null, perRound: null, declared: true, description: "rounds.csv: the role of the player's member index (memberIndex = role)" }]
    : [];

const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function storedType(f: StoredField): string {
  switch (f.kind) {
    case "json":
      return "JSON";
    case "integer":
    case "likert":
      return "integer";
    case "float":
    case "range":
      return "number";
    case "decimal":
      return `decimal (text with ${f.places} places)`;
    case "boolean":
      return "boolean";
    case "radio":
    case "select":
      return "one of the choices";
    case "checkboxes":
      return "list of choices (JSON)";
    case "date":
      return "date (text, YYYY-MM-DD)";
    case "email":
      return "email address (text)";
    default:
      return "text";
  }
}

function choicesOf(f: Field): string {
  if (f.kind === "likert") return f.labelMin || f.labelMax ? `${f.min ?? 1} = ${f.labelMin ?? ""}; ${f.max ?? 5} = ${f.labelMax ?? ""}` : "";
  if (f.kind !== "radio" && f.kind !== "select" && f.kind !== "checkboxes") return "";
  return f.choices.map((c) => (Array.isArray(c) ? `${shown(c[0])} = ${c[1]}` : shown(c))).join("; ");
}

function boundsOf(f: Field): string {
  const range = (min: unknown, max: unknown) => (min === undefined && max === undefined ? "" : `${min ?? "…"} to ${max ?? "…"}`);
  switch (f.kind) {
    case "integer":
    case "float":
      return [range(f.min, f.max), f.step ? `step ${f.step}` : ""].filter(Boolean).join(", ");
    case "likert":
      return range(f.min ?? 1, f.max ?? 5);
    case "range":
      return [range(f.min, f.max), f.step ? `step ${f.step}` : ""].filter(Boolean).join(", ");
    case "decimal":
    case "date":
      return range(f.min, f.max);
    case "string":
    case "textarea":
      return f.minLength === undefined && f.maxLength === undefined ? "" : `${f.minLength ?? 0} to ${f.maxLength ?? "…"} characters`;
    case "checkboxes":
      return f.min === undefined && f.max === undefined ? "" : `${f.min ?? (f.optional ? 0 : 1)} to ${f.max ?? f.choices.length} chosen`;
    default:
      return "";
  }
}

/** Every form field of the app's pages, with whether its page is inside rounds() or repeat(). */
function formFields(app: AppDef): DictionaryEntry[] {
  const out: DictionaryEntry[] = [];
  const walk = (items: readonly PageItem[], perRound: boolean) => {
    for (const item of items) {
      if (item.kind === "page") {
        for (const [field, f] of Object.entries(item.fields)) {
          out.push({ field, owner: "player", app: app.name, page: item.name, type: storedType(f), label: f.label, choices: choicesOf(f), bounds: boundsOf(f), optional: !!f.optional, perRound, declared: true, description: f.help ?? "" });
        }
      } else if (item.kind !== "logic") walk(item.items, perRound || item.kind === "rounds" || item.kind === "repeat");
    }
  };
  walk(app.pages, false);
  return out;
}

/** The fields the app declares with stored(), on the level they are kept on. */
function storedFields(app: AppDef): DictionaryEntry[] {
  return (["player", "group", "session"] as const).flatMap((owner) =>
    Object.entries(app.stored?.[owner]?.fields ?? {}).map(([field, f]): DictionaryEntry => {
      const form = f.kind === "json" ? null : (f as Field);
      return { field, owner, app: app.name, page: "", type: storedType(f), label: f.label, choices: form ? choicesOf(form) : "", bounds: form ? boundsOf(form) : "", optional: form ? !!form.optional : null, perRound: null, declared: true, description: f.help ?? "" };
    }),
  );
}

const jsonType = (text: string): string => {
  const v = fieldValueColumn.read(text);
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v === "object" ? "object" : typeof v;
};

/** How many values of an undeclared field are looked at for its types. */
const SAMPLE = 200;

/** The sessions' dictionary: Sprout's columns, their apps' form fields, then the fields only code wrote (their observed types). */
export async function dataDictionary(read: Db, sessions: readonly { id: number; apps: readonly string[] }[]): Promise<DictionaryEntry[]> {
  const apps = [...new Set(sessions.flatMap((s) => s.apps))];
  const ids = sessions.map((s) => s.id);
  const builtIn = [...BUILT_IN, ...QUALITY_COLUMN_DESCRIPTIONS].map(([field, description]): DictionaryEntry => ({ field, owner: "player", app: "", page: "", type: "", label: "", choices: "", bounds: "", optional: null, perRound: null, declared: true, description: `Sprout: ${description}` }));
  const declared = apps.flatMap((name) => {
    const app = getApp(name);
    return app ? [...rolesEntry(app), ...formFields(app), ...storedFields(app)] : [];
  });
  const known = new Set(declared.map((d) => `${d.owner}\u0000${d.field}`));
  if (ids.length === 0) return [...builtIn, ...declared];
  const written = await read.$queryRaw<{ ownerKind: string; key: string; app: string | null }[]>`
    SELECT "ownerKind", "key", MIN("app") AS "app" FROM "FieldWrite" WHERE "sessionId" IN (${Prisma.join(ids)}) GROUP BY "ownerKind", "key" ORDER BY "ownerKind", "key"`;
  const undeclared: DictionaryEntry[] = [];
  for (const w of written) {
    if (RESERVED_FIELD_NAMES.has(w.key) || known.has(`${w.ownerKind}\u0000${w.key}`)) continue;
    const values = await read.fieldWrite.findMany({ where: { sessionId: { in: ids }, ownerKind: w.ownerKind, key: w.key, value: { not: null } }, select: { value: true }, take: SAMPLE, orderBy: { seq: "desc" } });
    const types = [...new Set(values.map((v) => jsonType(v.value!)))].sort();
    undeclared.push({ field: w.key, owner: w.ownerKind, app: w.app ?? "", page: "", type: types.join(" or ") || "deleted only", label: "", choices: "", bounds: "", optional: null, perRound: null, declared: false, description: "written by code (a hook, a live method or an admin); not declared by any page or stored()" });
  }
  return [...builtIn, ...declared, ...undeclared];
}

const COLUMNS = ["field", "owner", "app", "page", "type", "label", "choices", "bounds", "optional", "perRound", "declared", "description"] as const;

export function dictionaryCsv(entries: readonly DictionaryEntry[]): string {
  return csvLines([[...COLUMNS], ...entries.map((e) => COLUMNS.map((c) => e[c]))]);
}

const cell = (v: unknown) => (v === null || v === "" ? "" : String(v).replace(/\|/g, "\\|").replace(/\s+/g, " "));

export function dictionaryMarkdown(title: string, entries: readonly DictionaryEntry[]): string {
  const table = (rows: readonly DictionaryEntry[], columns: readonly (typeof COLUMNS)[number][]) =>
    [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows.map((e) => `| ${columns.map((c) => cell(e[c])).join(" | ")} |`)].join("\n");
  const builtIn = entries.filter((e) => e.description.startsWith("Sprout: "));
  const declared = entries.filter((e) => e.declared && !e.description.startsWith("Sprout: ") && e.page !== "");
  const stored = entries.filter((e) => e.declared && !e.description.startsWith("Sprout: ") && e.page === "");
  const undeclared = entries.filter((e) => !e.declared);
  return [
    `# Data dictionary: ${title}`,
    "",
    "## Columns Sprout adds",
    "",
    table(builtIn.map((e) => ({ ...e, description: e.description.slice("Sprout: ".length) })), ["field", "description"]),
    "",
    "## Form fields (declared by the apps' pages; stored on the player)",
    "",
    declared.length ? table(declared, ["field", "app", "page", "type", "label", "choices", "bounds", "optional", "perRound"]) : "None.",
    "",
    "## Fields the apps declare for their code (roles, stored())",
    "",
    stored.length ? table(stored, ["field", "owner", "app", "type", "label", "choices", "bounds", "description"]) : "None.",
    "",
    "## Fields written only by code (not declared: types as seen in this session)",
    "",
    undeclared.length ? table(undeclared, ["field", "owner", "app", "type"]) : "None.",
    "",
  ].join("\n");
}
