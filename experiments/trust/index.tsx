import { defineApp, groupingWait, integer, page, syncWait } from "@/lib/experiment";
import tests from "./bot-tests";

const C = { endowment: 100, factor: 3 } as const;

/** The trust game: the first mover sends points (tripled on the way), the second returns some. */
export default defineApp({
  tests,
  name: "trust",
  description: "Trust game: pairs, the sent amount is tripled, the receiver returns part of it",
  suggestedMultiple: 2,
  constants: C,
  roles: ["sender", "receiver"],
  pages: [
    groupingWait({ name: "Pairing", size: 2 }),
    page({
      name: "Send",
      show: ({ memberIndex }) => memberIndex === 0,
      fields: { sent: integer({ label: `How many of your ${C.endowment} points do you send?`, min: 0, max: C.endowment }) },
      render: ({ fields }) => (
        <>
          <p>You are the sender. Whatever you send is multiplied by {C.factor} before the receiver gets it; the receiver then decides how much to send back.</p>
          {fields}
        </>
      ),
    }),
    syncWait({ name: "WaitForSender" }),
    page({
      name: "Return",
      show: ({ memberIndex }) => memberIndex === 1,
      fields: { returned: integer({ label: "How many points do you send back?", min: 0 }) },
      validate: async ({ returned }, { others }) => {
        const [sender] = await others();
        const received = C.factor * Number(await sender?.get("sent"));
        if (Number(returned) > received) return { returned: `You received ${received} points, so you can send back at most ${received}.` };
      },
      render: async ({ others, fields }) => {
        const [sender] = await others();
        return (
          <>
            <p>You are the receiver. The sender sent {await sender?.get<number>("sent")} points, so you received {C.factor * Number(await sender?.get("sent"))}.</p>
            {fields}
          </>
        );
      },
    }),
    syncWait({
      name: "WaitForReceiver",
      onAllHere: async ({ group }) => {
        const [sender, receiver] = await group.players();
        const sent = Number(await sender!.get("sent"));
        const returned = Number(await receiver!.get("returned"));
        await sender!.set("payoff", C.endowment - sent + returned);
        await receiver!.set("payoff", C.factor * sent - returned);
      },
    }),
    page({ name: "Results", render: async ({ player }) => <p>You earn <strong>{await player.get<number>("payoff")}</strong> points. Thank you!</p> }),
  ],
  bots: {
    // A random amount could exceed what the receiver got (the bot cannot see it): return nothing.
    Return: () => ({ returned: 0 }),
  },
  digest: async ({ session }) => {
    const players = await session.players();
    const sent = (await Promise.all(players.map((p) => p.get<number>("sent")))).filter((s): s is number => typeof s === "number");
    return <p>{sent.length} senders sent {sent.length ? (sent.reduce((a, b) => a + b, 0) / sent.length).toFixed(1) : 0} points on average.</p>;
  },
});
