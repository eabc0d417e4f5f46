/** Where a hook ran, for the log and for the admin. */
import { log } from "../../log.ts";
export interface HookSite {
  app: string;
  page?: string;
  hook: string;
}

/** An experiment hook threw: the transaction rolls back and the participant sees a polite message. */
export class HookError extends Error {
  constructor(
    readonly site: HookSite,
    readonly cause: unknown,
  ) {
    super(`${site.hook} of ${site.app}${site.page ? `/${site.page}` : ""} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "HookError";
  }
}

export async function runHook<T>(site: HookSite, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof HookError ? e : new HookError(site, e);
  }
}

export function logHookError(e: HookError): void {
  log.error({ app: e.site.app, page: e.site.page, hook: e.site.hook, err: e.cause }, e.message);
}
