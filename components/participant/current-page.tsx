import { Fragment, type ReactNode } from "react";
import { formValueOf } from "@/lib/experiment";
import type { ParticipantView } from "@/lib/engine/participants";
import { FieldInput } from "./field-input";
import { PageForm } from "./page-form";
import { ParticipantFrame } from "./participant-frame";

type PageView = Extract<ParticipantView, { kind: "page" }>;

/** A page of the experiment: the app's render output inside the form, or just its fields. */
export async function CurrentPage({ view }: Readonly<{ view: PageView }>) {
  const { page, player, session, pending } = view;
  const entries = Object.entries(page.fields);
  const stored = await Promise.all(entries.map(([name]) => player.get(name)));
  const inputs = new Map<string, ReactNode>(
    entries.map(([name, field], i) => {
      const value = pending ? (pending.values[name] ?? "") : formValueOf(field, stored[i] ?? field.default);
      return [name, <FieldInput key={name} name={name} field={field} value={value} error={pending?.errors[name]} />];
    }),
  );
  const fields = <div className="space-y-6">{[...inputs.values()]}</div>;
  const field = (name: string) => {
    const input = inputs.get(name);
    if (!input) throw new Error(`Page "${view.path}" has no field "${name}"`);
    return input;
  };
  const body = page.render ? await page.render({ player, session, settings: session.settings, fields, field }) : fields;
  return (
    <ParticipantFrame title={page.title ?? page.name}>
      {pending && pending.pageErrors.length > 0 ? (
        <ul role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {pending.pageErrors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      <PageForm position={view.position}>
        <Fragment>{body}</Fragment>
      </PageForm>
    </ParticipantFrame>
  );
}
