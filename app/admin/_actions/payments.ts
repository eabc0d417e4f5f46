"use server";

import { z } from "zod";
import type { ActionState } from "@/components/admin/action-state";
import { markPaid } from "@/lib/engine/recruitment/payments";
import { setSessionPayment, ZPaymentSettings } from "@/lib/engine/recruitment/payment-settings";
import { InvalidInputError } from "@/lib/errors";
import { db } from "@/lib/store/db";
import { adminAction, boundAdminAction, parseForm, ZBoundName } from "../_lib/action";

const ZForm = z.object({
  players: z.array(z.string().min(1).max(64)).min(1, "No players selected: tick at least one").max(10_000),
  paid: z.enum(["1", "0"], { error: "Say whether to mark as paid or unpaid" }),
});

/** The payments page's Mark as paid / unpaid for the ticked players; bound to the session's name (`.bind(null, sname)`). */
export async function markPaidAction(sname: string, previous: ActionState, form: FormData): Promise<ActionState> {
  return adminAction("markPaid", async (admin, f) => {
    if (typeof sname !== "string" || sname === "") throw new InvalidInputError("Which session?");
    const parsed = ZForm.safeParse({ players: f.getAll("player"), paid: f.get("paid") });
    if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
    return (await markPaid(db(), admin.name, sname, parsed.data.players, parsed.data.paid === "1")).message;
  })(previous, form);
}

/** The payments page's settings form (currency, value of a point, fee, rounding); bound to the session's name. */
export const setPaymentAction = boundAdminAction("setPayment", z.tuple([ZBoundName]), async (admin, form, sname) =>
  setSessionPayment(db(), admin.name, sname, parseForm(ZPaymentSettings, form)),
);
