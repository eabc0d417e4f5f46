/** The error `run` throws or rejects with (validation errors are thrown before any promise exists), or null. */
export function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  return Promise.resolve()
    .then(run)
    .then(
      () => null,
      (e: unknown) => e,
    );
}
