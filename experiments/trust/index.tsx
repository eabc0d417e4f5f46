import { defineApp, groupingWait, integer, page, stored, syncWait } from "@/lib/experiment";

const C = { endowment: 100, factor: 3 } as const;

/** What the code stores: each player's points. */
export const results = stored({ payoff: integer({ label: "Points earned" }) });

/** The sender's page; its field types `get(send, "sent")` (a number). */
export const send = page({
  name: "Send",
  show: ({ memberIndex }) => memberIndex === 0,
  fields: { sent: integer({ label: `How many of your ${C.endowment} points do you send?`, min: 0, max: C.endowment }) },
  render: ({ fields }) => (
    <>
      <p>You are the sender. Whatever you send is multiplied by {C.factor} before the receiver gets it; the receiver then decides how much to send back.</p>
      {fields}
    </>
  ),
});

/** The receiver's page ("Return"); its field types `get(giveBack, "returned")`. */
export const giveBack = page({
  name: "Return",
  show: ({ memberIndex }) => memberIndex === 1,
  fields: { returned: integer({ label: "How many points do you send back?", min: 0 }) },
  validate: async ({ returned }, { others }) => {
    const [sender] = await others();
    const received = C.factor * ((await sender?.get(send, "sent")) ?? 0);
    if (returned > received) return { returned: `You received ${received} points, so you can send back at most ${received}.` };
  },
  render: async ({ others, fields }) => {
    const [sender] = await others();
    return (
      <>
        <p>You are the receiver. The sender sent {await sender?.get(send, "sent")} points, so you received {C.factor * ((await sender?.get(send, "sent")) ?? 0)}.</p>
        {fields}
      </>
    );
  },
});

/** The trust game: the first mover sends points (tripled on the way), the second returns some. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "trust",
  description: "Trust game: pairs, the sent amount is tripled, the receiver returns part of it",
  suggestedMultiple: 2,
  constants: C,
  roles: ["sender", "receiver"],
  stored: { player: results },
  pages: [
    groupingWait({ name: "Pairing", size: 2 }),
    send,
    syncWait({ name: "WaitForSender" }),
    giveBack,
    syncWait({
      name: "WaitForReceiver",
      onAllHere: async ({ group }) => {
        const [sender, receiver] = await group.players();
        if (!sender || !receiver) return;
        const sent = (await sender.get(send, "sent")) ?? 0;
        const returned = (await receiver.get(giveBack, "returned")) ?? 0;
        await sender.set(results, "payoff", C.endowment - sent + returned);
        await receiver.set(results, "payoff", C.factor * sent - returned);
      },
    }),
    page({ name: "Results", render: async ({ player }) => <p>You earn <strong>{await player.get(results, "payoff")}</strong> points. Thank you!</p> }),
  ],
  bots: {
    // A random amount could exceed what the receiver got (the bot cannot see it): return nothing.
    Return: () => ({ returned: 0 }),
  },
  digest: async ({ session }) => {
    const players = await session.players();
    const sent = (await Promise.all(players.map((p) => p.get(send, "sent")))).filter((s): s is number => typeof s === "number");
    return <p>{sent.length} senders sent {sent.length ? (sent.reduce((a, b) => a + b, 0) / sent.length).toFixed(1) : 0} points on average.</p>;
  },
});
