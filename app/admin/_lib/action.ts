import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { failed, succeeded, type ActionState } from "@/components/admin/action-state";
import { HookError } from "@/lib/engine/core/hook-error";
import { InvalidInputError, isExpectedError } from "@/lib/errors";
import { databaseAwayIn } from "@/lib/store/availability";
import { currentAdmin, type SignedInAdmin } from "./auth";
import { log } from "@/lib/log";

const SIGNED_OUT_MESSAGE = "You are signed out. Sign in again, then repeat this.";

type Outcome = string | { message: string; secret: string } | { message: string; output: string };

/**
 * Wraps an admin server action: the caller must be a signed-in admin with a working login
 * (checked first, before the arguments are even looked at), and every failure becomes a
 * typed state the form shows, never an exception or a 500.
 */
export function adminAction(name: string, run: (admin: SignedInAdmin, form: FormData) => Promise<Outcome>) {
  return boundAdminAction(name, z.tuple([]), run);
}

/**
 * An admin action with arguments bound by the page (`action.bind(null, sname)`), such as the
 * session it acts on, instead of hidden form inputs. Bound arguments come back from the
 * browser like any input, so `bound` checks them before `run` sees them.
 */
export function boundAdminAction<B extends z.ZodTuple>(name: string, bound: B, run: (admin: SignedInAdmin, form: FormData, ...args: z.infer<B>) => Promise<Outcome>) {
  return async (...args: [...z.input<B>, ActionState, FormData]): Promise<ActionState> => {
    try {
      const admin = await currentAdmin();
      if (!admin) return failed(401, SIGNED_OUT_MESSAGE);
      const form: unknown = args[args.length - 1];
      if (!(form instanceof FormData)) return failed(400, "This action expects a form.");
      const checked = bound.safeParse(args.slice(0, -2));
      if (!checked.success) return failed(400, "This form's page is out of date; reload it and try again.");
      const outcome = await run(admin, form, ...(checked.data as z.infer<B>));
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

/** A name the page binds to an action (a session, a room): what the action acts on. */
export const ZBoundName = z.string().min(1).max(200);

/**
 * The posted form as an object for a zod schema: one string per name, or every value of the
 * names in `lists` (checkbox groups, chosen players). The schema's first message becomes the
 * action's answer, with the field it concerns.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData, lists: readonly string[] = []): z.infer<S> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    object[key] = lists.includes(key) ? values : (values[0] ?? "");
  }
  for (const key of lists) object[key] ??= [];
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? String(issue.path[0]) : null;
  throw new InvalidInputError(issue.message, field ? { [field]: [issue.message] } : undefined);
}

/** A text field of the posted form ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
