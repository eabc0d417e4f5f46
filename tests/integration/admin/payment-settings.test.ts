import { setSessionPayment } from "@/lib/engine/recruitment/payment-settings";
import { setSessionSettings } from "@/lib/engine/admin/session-controls";
import { sessionPayments } from "@/lib/data/payments";
import { latestAudit } from "@/lib/store/audit";
import { InvalidInputError } from "@/lib/errors";
import { api, newToken } from "../../helpers/api";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The payments page's settings form, below the page: checked field by field, kept as the
// session setting `payment` beside the others, audited.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const settingsOf = async (id: number) => (await server.db.session.findUniqueOrThrow({ where: { id } })).settings;

test("saves the payment beside the other settings, audited; the payments read uses it", async () => {
  const s = await newSession(server, "basics", 1);
  await setSessionSettings(server.db, "admin", s.name, { greeting: "hi" });
  const message = await setSessionPayment(server.db, "admin", s.name, { currency: " usd ", pointValue: "0.125", fee: "0.5", rounding: "down" });
  expect(message).toBe("Payment settings saved: 0.125 USD per point, a fee of 0.5 USD, bonuses rounded down.");
  expect(JSON.parse(await settingsOf(s.id))).toEqual({ greeting: "hi", payment: { currency: "USD", pointValue: "0.125", fee: "0.5", rounding: "down" } });
  const payments = await sessionPayments(server.db, s.name);
  expect([payments.currency, payments.pointValue, payments.fee, payments.rounding]).toEqual(["USD", "0.125", "0.50", "down"]);
  const [entry] = (await latestAudit(server.db, { session: s.name })).filter((a) => a.action === "session.updatePayment");
  expect([entry!.admin, entry!.detail]).toEqual(["admin", { payment: { currency: "USD", pointValue: "0.125", fee: "0.5", rounding: "down" } }]);
});

test.each([
  [{ currency: "pounds", pointValue: "0.01", fee: "0", rounding: "nearest" }, "currency", "The currency is a three-letter code such as GBP, USD or EUR"],
  [{ currency: "GBP", pointValue: "-1", fee: "0", rounding: "nearest" }, "pointValue", "The value of a point is a decimal of at least 0, such as 0.01 (up to 10 decimals)"],
  [{ currency: "GBP", pointValue: "0.01", fee: "1.505", rounding: "nearest" }, "fee", "The fee is an amount of at least 0 with at most 2 decimals, such as 1.50"],
  [{ currency: "GBP", pointValue: "0.01", fee: "1", rounding: "sideways" }, "rounding", "Rounding is nearest, up or down"],
  [{ currency: "GBP", fee: "1", rounding: "up" }, "pointValue", expect.any(String)],
])("refuses %j with a message for its field and changes nothing", async (input, field, message) => {
  const s = await newSession(server, "screening", 1);
  const before = await settingsOf(s.id);
  const error = await setSessionPayment(server.db, "admin", s.name, input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).status).toBe(400);
  expect((error as InvalidInputError).fieldErrors).toEqual({ [field]: [message] });
  expect(await settingsOf(s.id)).toBe(before);
  expect((await latestAudit(server.db, { session: s.name })).filter((a) => a.action === "session.updatePayment")).toEqual([]);
});

test("an unknown session is a 404", async () => {
  await expect(setSessionPayment(server.db, "admin", "no-such-session", { currency: "GBP", pointValue: "0.01", fee: "0", rounding: "up" })).rejects.toMatchObject({ status: 404 });
});

test("the API sets them too (a full token), and refuses bad values with a 422 (the API's answer to a body that fails its schema) that changes nothing", async () => {
  const s = await newSession(server, "screening", 1);
  const path = `/sessions/${s.name}/payments/settings/`;
  const good = { currency: "EUR", pointValue: "0.02", fee: "1.00", rounding: "up" };
  expect((await api(server, await newToken(server, "read"), "PUT", path, good)).status).toBe(403);
  const before = await settingsOf(s.id);
  const bad = await api(server, await newToken(server), "PUT", path, { ...good, fee: "1.005" });
  expect([bad.status, JSON.stringify(bad.body)]).toEqual([422, expect.stringContaining("at most 2 decimals")]);
  expect(await settingsOf(s.id)).toBe(before);
  const done = await api(server, await newToken(server), "PUT", path, good);
  expect([done.status, done.body]).toEqual([200, { message: "Payment settings saved: 0.02 EUR per point, a fee of 1.00 EUR, bonuses rounded up." }]);
  const payments = await api(server, await newToken(server, "read"), "GET", `/sessions/${s.name}/payments/`);
  expect([payments.body.currency, payments.body.pointValue, payments.body.rounding]).toEqual(["EUR", "0.02", "up"]);
});
