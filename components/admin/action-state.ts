/**
 * What every admin server action answers: a message to show, and on failure the HTTP-like
 * status, the message per form field, and what was typed (so nothing is lost).
 */
export type ActionState =
  | { ok: true; message: string; at: number; /** shown once, never stored in the page (a new API token) */ secret?: string; /** what the action gave back to show (a pipeline's output) */ output?: string }
  | { ok: false; status: number; message: string; fieldErrors?: Record<string, string[]>; at: number }
  | null;

export const succeeded = (message: string, secret?: string, output?: string): ActionState => ({
  ok: true,
  message,
  at: Date.now(),
  ...(secret === undefined ? {} : { secret }),
  ...(output === undefined ? {} : { output }),
});

export const failed = (status: number, message: string, fieldErrors?: Record<string, string[]>): ActionState => ({ ok: false, status, message, fieldErrors, at: Date.now() });
