import { unstable_rethrow } from "next/navigation";
import { failed, succeeded, type ActionState } from "@/components/admin/action-state";
import { HookError } from "@/lib/engine/core/hook-error";
import { isExpectedError } from "@/lib/errors";
import { databaseAwayIn } from "@/lib/store/availability";
import { currentAdmin, type SignedInAdmin } from "./auth";
import { log } from "@/lib/log";

const SIGNED_OUT_MESSAGE = "You are signed out. Sign in again, then repeat this.";

/**
 * Wraps an admin server action: the caller must be a signed-in admin with a working login
 * (checked first, before the arguments are even looked at), and every failure becomes a
 * typed state the form shows, never an exception or a 500.
 */
export function adminAction(name: string, run: (admin: SignedInAdmin, form: FormData) => Promise<string | { message: string; secret: string } | { message: string; output: string }>) {
  return async (_previous: ActionState, form: FormData): Promise<ActionState> => {
    try {
      const admin = await currentAdmin();
      if (!admin) return failed(401, SIGNED_OUT_MESSAGE);
      if (!(form instanceof FormData)) return failed(400, "This action expects a form.");
      const outcome = await run(admin, form);
      if (typeof outcome === "string") return succeeded(outcome);
      return "secret" in outcome ? succeeded(outcome.message, outcome.secret) : succeeded(outcome.message, undefined, outcome.output);
    } catch (e) {
      unstable_rethrow(e); // redirect() after success
      if (isExpectedError(e)) return failed(e.status, e.message, "fieldErrors" in e ? (e.fieldErrors as Record<string, string[]>) : undefined);
      if (e instanceof HookError) return failed(422, `${e.message}. Nothing was changed.`);
      if (databaseAwayIn(e)) return failed(503, "The database is reconnecting; nothing was changed. Please try again in a few seconds.");
      log.error({ err: e, action: name }, "admin action failed");
      return failed(500, "Something went wrong on the server; nothing was changed. The server log has the details.");
    }
  };
}

/** A text field of the posted form ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
