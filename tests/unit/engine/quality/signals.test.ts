import { MAX_SIGNALS_LENGTH, readSignals } from "@/lib/engine/quality/signals";

const FIELDS = ["summary", "source"];
const valid = { ms: 5000, firstInputMs: 900, paste: { summary: { count: 2, chars: 40 } }, hidden: { count: 1, ms: 2000 }, typing: { summary: { typed: 10, final: 50, meanKeyMs: 150 } }, window: { width: 800, height: 600 }, pointer: "touch", device: { screen: "390x844", timeZone: "Europe/Paris" } };

test("a browser's payload is kept with its source, the device apart (it only feeds the fingerprint)", () => {
  const { signals, device } = readSignals(JSON.stringify(valid), FIELDS, false);
  const { device: _device, ...stored } = valid;
  expect(signals).toEqual({ source: "browser", ...stored });
  expect(device).toEqual({ screen: "390x844", timeZone: "Europe/Paris" });
});

test("figures for names that are not the page's fields are dropped", () => {
  const { signals } = readSignals(JSON.stringify({ paste: { summary: { count: 1, chars: 3 }, __proto__x: { count: 1, chars: 1 }, other: { count: 5, chars: 5 } }, typing: { other: { typed: 1, final: 1, meanKeyMs: null } } }), FIELDS, false);
  expect(signals).toEqual({ source: "browser", paste: { summary: { count: 1, chars: 3 } } });
});

test('no payload is "none" (no JavaScript); a bot is a bot whatever it posts', () => {
  expect(readSignals(undefined, FIELDS, false)).toEqual({ signals: { source: "none" }, device: null });
  expect(readSignals(JSON.stringify(valid), FIELDS, true)).toEqual({ signals: { source: "bot" }, device: null });
});

test.each([
  ["malformed JSON", "{"],
  ["too long", `{"ms":1${" ".repeat(MAX_SIGNALS_LENGTH)}}`],
  ["a list", "[]"],
  ["null", "null"],
  ["a number of the wrong kind", JSON.stringify({ ms: "5000" })],
  ["a negative count", JSON.stringify({ paste: { summary: { count: -1, chars: 0 } } })],
  ["a fractional count", JSON.stringify({ hidden: { count: 1.5, ms: 0 } })],
  ["an unknown pointer", JSON.stringify({ pointer: "laser" })],
  ["a field posted twice", ["{}", "{}"]],
  ["too many fields", JSON.stringify({ paste: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, { count: 1, chars: 1 }])) })],
])("%s is kept as invalid, never thrown", (_, posted) => {
  expect(readSignals(posted, FIELDS, false)).toEqual({ signals: { source: "invalid" }, device: null });
});
