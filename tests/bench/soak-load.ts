/**
 * The soak's load generator, in its own process (tests/bench/soak.ts starts it): N participants
 * at once, each with the participant socket open as a browser with JavaScript keeps it, each
 * submitting a page every period (their turns spread at random, not synchronised). One who
 * reaches the end leaves, and the next player link of the pool arrives in their place, so the
 * load stays N for the whole run. Writes its figures and every acknowledged submission to the
 * file named by --out.
 *
 *   npx tsx tests/bench/soak-load.ts --origin URL --session NAME --players-file FILE --participants N
 *        --period-ms 30000 --ramp-ms 30000 --measure-ms 180000 --out FILE
 */
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import { playBot, type Submission } from "../../lib/bots/bot.ts";
import { PARTICIPANT_NAMESPACE } from "../../lib/realtime/events.ts";

const { values: args } = parseArgs({
  options: {
    origin: { type: "string" },
    session: { type: "string" },
    "players-file": { type: "string" },
    participants: { type: "string" },
    "period-ms": { type: "string" },
    "ramp-ms": { type: "string" },
    "measure-ms": { type: "string" },
    out: { type: "string" },
  },
});
const origin = args.origin!;
const sname = args.session!;
const pool = fs.readFileSync(args["players-file"]!, "utf8").split(",");
const N = Number(args.participants);
const PERIOD = Number(args["period-ms"]);
const RAMP = Number(args["ramp-ms"]);
const MEASURE = Number(args["measure-ms"]);

const started = performance.now();
const windowStart = started + RAMP;
const windowEnd = windowStart + MEASURE;
/** How long after the window a participant's last request may take; one still waiting then is an error. */
const GRACE = 60_000;
const cycles: number[] = []; // latencies (POST + the page it leads to) of cycles that began in the window
const requests: number[] = [];
let errors = 0;
const errorSamples: string[] = [];
let connected = 0;
let peakConnected = 0;
let arrivals = 0;
const played: { playerName: string; submissions: Submission[] }[] = [];
let next = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const noteError = (what: string) => {
  errors++;
  if (errorSamples.length < 10) errorSamples.push(what);
};

/** One seat of the N: participants one after another, until the window closes. */
async function seat(index: number) {
  // Turns of the N seats are spread over the period from the start.
  let turn = started + (index / N) * PERIOD + Math.random() * (PERIOD / N);
  // A seat's first participant arrives at its first turn (arrivals spread over the first period).
  await sleep(turn - performance.now());
  turn += PERIOD * (0.9 + Math.random() * 0.2);
  while (performance.now() < windowEnd && next < pool.length) {
    const pname = pool[next++]!;
    arrivals++;
    const socket = io(`${origin}${PARTICIPANT_NAMESPACE}`, { auth: { sname, pname }, transports: ["websocket"], reconnection: true });
    socket.on("connect", () => (peakConnected = Math.max(peakConnected, ++connected)));
    socket.on("disconnect", () => connected--);
    socket.on("connect_error", (e) => noteError(`socket: ${e.message}`));
    let postAt = 0;
    let postMs = 0;
    try {
      const result = await playBot({
        url: `${origin}/p/${sname}/${pname}/`,
        playerIndex: index,
        maxSubmissions: 100,
        beforeSubmit: async () => {
          // Each turn one period after the last, with a little jitter (people do not read at one pace).
          if (turn >= windowEnd) return false;
          await sleep(turn - performance.now());
          turn += PERIOD * (0.9 + Math.random() * 0.2);
          return true;
        },
        onRequest: (kind, ms, status, outcome) => {
          const now = performance.now();
          requests.push(ms);
          if (status >= 400) noteError(`${kind.toUpperCase()} ${status} ${outcome ?? ""}`);
          if (kind === "post") {
            postAt = now - ms;
            postMs = ms;
          } else if (postAt) {
            if (postAt >= windowStart && postAt < windowEnd) cycles.push(postMs + ms);
            postAt = 0;
          }
        },
      });
      played.push({ playerName: pname, submissions: result.submissions });
    } catch (e) {
      noteError(`bot: ${(e as Error).message.slice(0, 200)}`);
    } finally {
      socket.close();
    }
  }
}

// This process shares the machine's cores with the server: when its own event loop falls behind,
// the latencies it measures include its lag, so it measures that lag and its CPU in the window.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
/** A message to the soak (tests/bench/soak.ts), while it listens. */
const tell = (message: object) => process.connected && process.send?.(message);
let cpuAtStart: NodeJS.CpuUsage | null = null;
let generator: { loopDelayP50Ms: number; loopDelayP99Ms: number; cpuSeconds: number } | null = null;
/** The window closes: at its end, or earlier when every seat is done. */
const closeWindow = () => {
  if (generator) return generator;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtStart ?? undefined);
  generator = { loopDelayP50Ms: loopDelay.percentile(50) / 1e6, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, cpuSeconds: cpuAtStart ? (cpu.user + cpu.system) / 1e6 : 0 };
  tell({ window: "end" });
  return generator;
};
setTimeout(() => (loopDelay.enable(), (cpuAtStart = process.cpuUsage()), tell({ window: "start" })), Math.max(0, windowStart - performance.now()));
setTimeout(closeWindow, Math.max(0, windowEnd - performance.now()));

const sockets = setInterval(() => tell({ connected }), 1000);
// An overloaded server may leave requests unanswered for many minutes: the run ends a while after
// its window, and each seat still waiting then counts as an error (its answer never came back).
let seatsDone = 0;
const seats = Promise.all(Array.from({ length: N }, (_, i) => seat(i).finally(() => seatsDone++)));
await Promise.race([seats, sleep(windowEnd + GRACE - performance.now())]);
for (let left = N - seatsDone; left > 0; left--) noteError(`no answer ${GRACE / 1000} s after the window closed`);
clearInterval(sockets);
fs.writeFileSync(args.out!, JSON.stringify({ cycles, requests, errors, errorSamples, peakConnected, arrivals, played, windowSeconds: MEASURE / 1000, generator: closeWindow() }));
process.exit(0);
