import { AdminLink } from "./admin-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { VisitQuality } from "@/lib/data/quality";
import { QUALITY_LABELS } from "@/lib/data/quality-labels";
import type { PageSignals } from "@/lib/store/columns";
import type { QualityFlag } from "@/lib/store/quality-flags";

function Flags({ flags }: Readonly<{ flags: readonly QualityFlag[] }>) {
  return (
    <span className="flex flex-wrap gap-1">
      {flags.map((f) => (
        <span key={f} data-flag={f} title={QUALITY_LABELS[f].means}>
          <Badge tone={f === "attention" || f === "duplicate" ? "red" : "amber"}>{QUALITY_LABELS[f].badge}</Badge>
        </span>
      ))}
    </span>
  );
}

const secs = (ms: number | null | undefined) => (ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

/** A visit's signals in words: what a reader checks first. */
function SignalsText({ s }: Readonly<{ s: PageSignals | null }>) {
  if (s === null) return <span className="text-stone-400">not recorded</span>;
  if (s.source === "none") return <span className="text-stone-500">no signals (no JavaScript)</span>;
  if (s.source === "bot") return <span className="text-stone-500">bot</span>;
  if (s.source === "invalid") return <span className="text-red-700">unreadable signals</span>;
  const pastes = Object.entries(s.paste ?? {});
  const typing = Object.entries(s.typing ?? {});
  return (
    <span className="text-xs">
      browser {secs(s.ms)}, first input {secs(s.firstInputMs)}
      {s.hidden && s.hidden.count > 0 ? `, left ${s.hidden.count}× for ${secs(s.hidden.ms)}` : ""}
      {pastes.map(([field, p]) => `, pasted into ${field} ${p.count}× (${p.chars} chars)`).join("")}
      {typing.map(([field, t]) => `, ${field}: typed ${t.typed} of ${t.final} chars${t.meanKeyMs === null ? "" : `, ${t.meanKeyMs} ms a key`}`).join("")}
      {s.window ? `, window ${s.window.width}×${s.window.height}` : ""}
      {s.pointer ? `, ${s.pointer}` : ""}
    </span>
  );
}

/**
 * The data page's quality section: the flagged players, each a link to their visits with the
 * signals recorded (docs/data-quality.md); `player` is the one shown, if any.
 */
export function QualityDetail({ base, flagged, player }: Readonly<{ base: string; flagged: { name: string; flags: QualityFlag[] }[]; player: { name: string; flags: QualityFlag[]; visits: VisitQuality[] } | null }>) {
  return (
    <Card title="Data quality" className="mb-6">
      <div id="quality" className="space-y-4 text-sm" data-testid="quality-detail">
        {flagged.length === 0 ? (
          <p className="text-stone-500">No player is flagged.</p>
        ) : (
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {flagged.map((p) => (
              <li key={p.name} className="flex items-center gap-1.5">
                <AdminLink href={`${base}?quality=${encodeURIComponent(p.name)}#quality`} className="font-mono text-emerald-800 hover:underline">
                  {p.name}
                </AdminLink>
                <Flags flags={p.flags} />
              </li>
            ))}
          </ul>
        )}
        <form method="get" action={base} className="flex items-center gap-2">
          <label htmlFor="quality-player" className="text-stone-600">
            A player&apos;s pages
          </label>
          <input id="quality-player" name="quality" defaultValue={player?.name ?? ""} placeholder="player name" className="rounded-lg border border-stone-300 px-2 py-1 font-mono text-xs" />
          <button type="submit" className="rounded-lg border border-stone-300 px-2 py-1 text-xs hover:bg-stone-100">
            Show
          </button>
        </form>
        {player ? (
          <div className="overflow-x-auto">
            <p className="mb-2">
              <span className="font-mono">{player.name}</span> <Flags flags={player.flags} />
            </p>
            <table className="w-full text-left text-sm" data-testid="quality-visits">
              <thead className="text-xs text-stone-500 uppercase">
                <tr>
                  <th className="px-2 py-1">Page</th>
                  <th className="px-2 py-1">Round</th>
                  <th className="px-2 py-1">Seconds</th>
                  <th className="px-2 py-1">Flags</th>
                  <th className="px-2 py-1">Signals</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {player.visits.map((v, i) => (
                  <tr key={i} data-page={v.page}>
                    <td className="px-2 py-1 font-mono text-xs">{v.page}</td>
                    <td className="px-2 py-1 tabular-nums">{v.round ?? ""}</td>
                    <td className="px-2 py-1 tabular-nums">{v.seconds ?? "on it"}</td>
                    <td className="px-2 py-1">
                      <Flags flags={v.flags} />
                    </td>
                    <td className="px-2 py-1">
                      <SignalsText s={v.signals} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
