import type { ReactNode } from "react";

export function Card({ title, actions, children, className = "" }: Readonly<{ title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }>) {
  return (
    <section className={`rounded-xl border border-stone-200 bg-white shadow-sm ${className}`}>
      {title || actions ? (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-stone-100 px-4 py-3">
          {title ? <h2 className="text-sm font-semibold tracking-wide text-stone-700 uppercase">{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      <div className="p-4">{children}</div>
    </section>
  );
}

/** Term/description rows for a card's facts. */
export function Facts({ items }: Readonly<{ items: [ReactNode, ReactNode][] }>) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
      {items.map(([term, value], i) => (
        <div key={i} className="contents">
          <dt className="text-stone-500">{term}</dt>
          <dd className="min-w-0 break-words text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
