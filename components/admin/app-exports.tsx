"use client";

import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

/** An app's export or pipeline as the data page lists it (lib/engine/admin/app-exports.ts AppExportInfo). */
export interface AppExportItem {
  app: string;
  name: string;
  description: string;
  changes: boolean;
  input: Record<string, unknown> | null;
}

function InputField({ id, item }: Readonly<{ id: string; item: AppExportItem }>) {
  if (!item.input) return null;
  return (
    <div>
      <label htmlFor={id} className={labelStyles}>
        Input (JSON)
      </label>
      <textarea id={id} name="input" rows={3} spellCheck={false} className={`${inputStyles} font-mono`} />
      <details className={hintStyles}>
        <summary>What it takes (JSON Schema)</summary>
        <pre className="overflow-x-auto whitespace-pre-wrap">{JSON.stringify(item.input, null, 2)}</pre>
      </details>
    </div>
  );
}

function FormatChoice({ id }: Readonly<{ id: string }>) {
  return (
    <label htmlFor={id} className="text-sm text-stone-700">
      Rows as{" "}
      <select id={id} name="format" defaultValue="csv" className="rounded border border-stone-300 px-1 py-0.5">
        <option value="csv">CSV</option>
        <option value="jsonl">JSON Lines</option>
      </select>
    </label>
  );
}

/** A read-only export: a plain GET form, so the file downloads even without JavaScript. */
function ExportForm({ sname, item }: Readonly<{ sname: string; item: AppExportItem }>) {
  const id = `export-${item.app}-${item.name}`;
  return (
    <form method="get" action={`/admin/session/${encodeURIComponent(sname)}/app-export/${item.app}/${item.name}/`} className="space-y-2">
      <InputField id={`${id}-input`} item={item} />
      <div className="flex items-center gap-3">
        <FormatChoice id={`${id}-format`} />
        <button type="submit" className={buttonStyles.secondary}>
          Download {item.name}
        </button>
      </div>
    </form>
  );
}

/** A pipeline: it changes the session, so it runs as an admin action (confirmed, audited) and shows what it gave back. */
function PipelineForm({ item, action }: Readonly<{ item: AppExportItem; action: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(action, `Run ${item.app}.${item.name}? It changes the session's data, and participants' pages refresh.`);
  const id = `pipeline-${item.app}-${item.name}`;
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="app" value={item.app} />
      <input type="hidden" name="name" value={item.name} />
      <InputField id={`${id}-input`} item={item} />
      <div className="flex items-center gap-3">
        <FormatChoice id={`${id}-format`} />
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          Run {item.name}
        </button>
        <ActionMessage state={state} pending={pending} />
      </div>
      {state && !state.ok && state.fieldErrors?.input ? <p className="text-sm text-red-700">{state.fieldErrors.input.join(" ")}</p> : null}
      {state?.ok && state.output ? (
        <pre data-testid="pipeline-output" className="max-h-64 overflow-auto rounded bg-stone-50 p-2 text-xs">
          {state.output}
        </pre>
      ) : null}
    </form>
  );
}

/** The session's app-defined exports and pipelines on its data page; `runPipeline` is bound to the session. */
export function AppExports({ sname, items, runPipeline }: Readonly<{ sname: string; items: readonly AppExportItem[]; runPipeline: AdminActionFn }>) {
  if (items.length === 0) return null;
  return (
    <section data-testid="app-exports" className="mb-6 space-y-4 rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold text-stone-900">
        The apps&apos; exports and pipelines
      </h2>
      <ul className="space-y-4">
        {items.map((item) => (
          <li key={`${item.app}.${item.name}`} data-testid={`app-export-${item.app}-${item.name}`} className="space-y-1.5 border-t border-stone-100 pt-3 first:border-0 first:pt-0">
            <p className="text-sm">
              <span className="font-mono font-medium">
                {item.app}.{item.name}
              </span>{" "}
              {item.changes ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">pipeline: changes the session</span> : null}
              {item.description ? <span className="block text-stone-600">{item.description}</span> : null}
            </p>
            {item.changes ? <PipelineForm item={item} action={runPipeline} /> : <ExportForm sname={sname} item={item} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
