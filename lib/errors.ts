/**
 * The few errors Sprout expects, each with the HTTP status it maps to. Route handlers,
 * server actions and socket handlers show an expected error's message; anything else is
 * logged and the user sees a generic line.
 */
export class SproutError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends SproutError {
  constructor(message: string) {
    super(message, 404);
  }
}

export class InvalidInputError extends SproutError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message, 400);
  }
}

export class ConflictError extends SproutError {
  constructor(message: string) {
    super(message, 409);
  }
}

export class ForbiddenError extends SproutError {
  constructor(message: string) {
    super(message, 403);
  }
}

export function isExpectedError(e: unknown): e is SproutError {
  return e instanceof SproutError;
}
