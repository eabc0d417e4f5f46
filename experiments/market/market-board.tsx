"use client";

import { useEffect, useState } from "react";
import { island, useLive } from "@/lib/experiment/client";

// Type aliases, not interfaces: they are stored as JSON, and only aliases fit JsonValue.
export type Offer = { player: string; price: number };
export type Book = { bids: Offer[]; asks: Offer[] };
export type MarketState = { book: Book; trades: { buyer: string; seller: string; price: number }[] };
export type Trader = { role: "buyer" | "seller"; limit: number; traded: number | null };
/** The Market page's live methods, as this board calls them; the page's `live` satisfies it (index.tsx). */
export type MarketLive = {
  state: { input: null; result: Trader & MarketState };
  offer: { input: { price: number }; result: { message: string } };
};

/** The order book, updated live, and the form to post a bid or an ask. */
function MarketBoardView(props: Readonly<{ initial: MarketState; me: string; role: "buyer" | "seller"; limit: number; traded: number | null; maxPrice: number }>) {
  const live = useLive<MarketLive>();
  const [market, setMarket] = useState(props.initial);
  const [price, setPrice] = useState("");
  const [message, setMessage] = useState("");
  useEffect(() => live.on("market", (data) => setMarket(data as unknown as MarketState)), [live]);
  const offer = async () => {
    try {
      setMessage((await live.call("offer", { price: Number(price) })).message);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const sorted = (offers: Offer[], dir: 1 | -1) => [...offers].sort((a, b) => dir * (a.price - b.price));
  const mineTraded = market.trades.find((t) => t.buyer === props.me || t.seller === props.me);
  return (
    <div className="space-y-4">
      <p>
        You are a <strong>{props.role}</strong>. {props.role === "buyer" ? `One unit is worth ${props.limit} to you.` : `Your unit costs you ${props.limit}.`} Press Next when you
        are done.
      </p>
      <div className="grid grid-cols-3 gap-3 text-sm">
        <section aria-label="Bids" className="rounded-lg border border-stone-200 p-3">
          <h2 className="mb-2 font-medium">Bids</h2>
          <ul data-testid="bids">{sorted(market.book.bids, -1).map((o) => <li key={o.player}>{o.price}{o.player === props.me ? " (yours)" : ""}</li>)}</ul>
        </section>
        <section aria-label="Asks" className="rounded-lg border border-stone-200 p-3">
          <h2 className="mb-2 font-medium">Asks</h2>
          <ul data-testid="asks">{sorted(market.book.asks, 1).map((o) => <li key={o.player}>{o.price}{o.player === props.me ? " (yours)" : ""}</li>)}</ul>
        </section>
        <section aria-label="Trades" className="rounded-lg border border-stone-200 p-3">
          <h2 className="mb-2 font-medium">Trades</h2>
          <ul data-testid="trades">{market.trades.map((t, i) => <li key={i}>{t.price}</li>)}</ul>
        </section>
      </div>
      {mineTraded ? (
        <p role="status">You traded at {mineTraded.price}.</p>
      ) : (
        <div className="flex items-end gap-2">
          <label className="grow">
            <span className="font-medium">Your {props.role === "buyer" ? "bid" : "ask"}</span>
            <input
              type="number"
              min={0}
              max={props.maxPrice}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              // Enter posts the offer, not the page.
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  void offer();
                }
              }}
              className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2"
            />
          </label>
          <button type="button" onClick={() => void offer()} className="rounded-lg border border-emerald-700 px-4 py-2 font-medium text-emerald-800 hover:bg-emerald-50">
            {props.role === "buyer" ? "Bid" : "Ask"}
          </button>
        </div>
      )}
      <p aria-live="polite" className="text-sm text-stone-600">{message}</p>
    </div>
  );
}

export const MarketBoard = island("market-board", MarketBoardView);
