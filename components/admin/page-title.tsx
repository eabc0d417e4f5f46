import type { ReactNode } from "react";

export function PageTitle({ children, actions, subtitle }: Readonly<{ children: ReactNode; actions?: ReactNode; subtitle?: ReactNode }>) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{children}</h1>
        {subtitle ? <div className="mt-1 text-sm text-stone-500">{subtitle}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
