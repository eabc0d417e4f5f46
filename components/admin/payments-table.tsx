"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { SessionPayments } from "@/lib/data/payments";
import { buttonStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

/** The payments table: every player with their IDs, status, points and money; tick players and mark them as paid (or not). */
export function PaymentsTable({ payments, action }: Readonly<{ payments: SessionPayments; action: AdminActionFn }>) {
  const router = useRouter();
  const { state, pending, onSubmit } = useAdminForm(action);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // A change shows at once: the page's data is read again.
  useEffect(() => {
    if (state?.ok) {
      setSelected(new Set());
      router.refresh();
    }
  }, [state, router]);
  const toggle = (name: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  const all = payments.players.length > 0 && selected.size === payments.players.length;
  const currency = payments.currency ?? "—";
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {[...selected].map((name) => (
        <input key={name} type="hidden" name="player" value={name} />
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <span className="mr-1 text-sm font-medium" aria-live="polite">
          {selected.size === 0 ? "Tick players to mark them" : `${selected.size} selected`}
        </span>
        <button type="submit" name="paid" value="1" disabled={pending || selected.size === 0} className={buttonStyles.primary}>
          Mark as paid
        </button>
        <button type="submit" name="paid" value="0" disabled={pending || selected.size === 0} className={buttonStyles.secondary}>
          Mark as unpaid
        </button>
      </div>
      <ActionMessage state={state} pending={pending} />
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="payments">
          <thead>
            <tr className="border-b border-stone-200 text-left text-xs text-stone-500 uppercase">
              <th className="px-2 py-1.5">
                <input
                  type="checkbox"
                  aria-label="Select every player"
                  checked={all}
                  onChange={() => setSelected(all ? new Set() : new Set(payments.players.map((p) => p.name)))}
                  className="h-4 w-4 accent-emerald-700"
                />
              </th>
              <th className="px-2 py-1.5 text-right">#</th>
              <th className="px-2 py-1.5">Player</th>
              <th className="px-2 py-1.5">ID</th>
              <th className="px-2 py-1.5">Status</th>
              <th className="px-2 py-1.5 text-right">Points</th>
              <th className="px-2 py-1.5 text-right">Bonus ({currency})</th>
              <th className="px-2 py-1.5 text-right">Fee ({currency})</th>
              <th className="px-2 py-1.5 text-right">Total ({currency})</th>
              <th className="px-2 py-1.5">Paid</th>
            </tr>
          </thead>
          <tbody>
            {payments.players.map((p) => (
              <tr key={p.name} data-player={p.name} className="border-b border-stone-100">
                <td className="px-2 py-1.5">
                  <input type="checkbox" aria-label={`Select player ${p.index}`} checked={selected.has(p.name)} onChange={() => toggle(p.name)} className="h-4 w-4 accent-emerald-700" />
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums text-stone-500">{p.index}</td>
                <td className="px-2 py-1.5 font-mono text-xs">{p.name}</td>
                <td className="px-2 py-1.5" data-cell="id">
                  {p.id ?? ""}
                  {Object.keys(p.entry).length > 0 ? (
                    <span className="block font-mono text-xs text-stone-500">
                      {Object.entries(p.entry)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(" ")}
                    </span>
                  ) : null}
                </td>
                <td className="px-2 py-1.5" data-cell="status">
                  {p.status}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-cell="points">
                  {p.points}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-cell="bonus">
                  {p.bonus}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-cell="fee">
                  {p.fee}
                </td>
                <td className="px-2 py-1.5 text-right font-medium tabular-nums" data-cell="total">
                  {p.total}
                </td>
                <td className="px-2 py-1.5 whitespace-nowrap" data-cell="paid">
                  {p.paidAt ? `paid ${p.paidAt.slice(0, 16).replace("T", " ")}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </form>
  );
}
