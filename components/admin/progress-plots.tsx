"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SessionProgress } from "@/lib/data/progress";

// recharts draws SVG through React (style props, no injected <style> or eval), so it runs under
// the Content-Security-Policy as it is. Both plots keep a fixed height and a y axis fixed at the
// number of players: bars and lines grow inside them, nothing around them moves.

const EMERALD = "#047857";
const RED = "#dc2626";
const SKY = "#0369a1";
const AXIS = { fontSize: 11, fill: "#57534e" };
const Y_WIDTH = 36;

/** One bar per place a player can be: not started, each position of the page order, finished. */
function funnelData(p: SessionProgress) {
  return [
    { label: "not started", players: p.notStarted, dropouts: 0 },
    ...p.steps.map((s) => ({ label: s.round === null ? s.page : `${s.page} (${s.round})`, players: s.players, dropouts: s.dropouts })),
    { label: "finished", players: p.finished, dropouts: 0 },
  ];
}

export function FunnelPlot({ progress }: Readonly<{ progress: SessionProgress }>) {
  const data = funnelData(progress);
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 224 }}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="15%">
        <CartesianGrid vertical={false} stroke="#e7e5e4" />
        <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" height={36} tickLine={false} />
        <YAxis domain={[0, Math.max(1, progress.players)]} allowDecimals={false} width={Y_WIDTH} tick={AXIS} />
        <Tooltip isAnimationActive={false} />
        <Legend verticalAlign="top" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="players" name="on this page" stackId="a" fill={EMERALD} isAnimationActive={false} />
        <Bar dataKey="dropouts" name="dropouts" stackId="a" fill={RED} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function TimelinePlot({ progress }: Readonly<{ progress: SessionProgress }>) {
  const data = progress.timeline.map((p) => ({ t: Date.parse(p.at), started: p.started, finished: p.finished }));
  if (data.length === 0) return <p className="flex h-full items-center justify-center text-sm text-stone-500">Nobody has started yet.</p>;
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 224 }}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="#e7e5e4" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={clock} tick={AXIS} height={36} minTickGap={40} />
        <YAxis domain={[0, Math.max(1, progress.players)]} allowDecimals={false} width={Y_WIDTH} tick={AXIS} />
        <Tooltip isAnimationActive={false} labelFormatter={(t) => clock(Number(t))} />
        <Legend verticalAlign="top" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
        <Line type="stepAfter" dataKey="started" name="started" stroke={SKY} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="stepAfter" dataKey="finished" name="finished" stroke={EMERALD} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
