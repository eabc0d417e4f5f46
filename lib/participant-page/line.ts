/**
 * The line in front of the participant's pages: at most `limit` requests at work, the others
 * wait their turn in order of arrival. Under overload everyone waits about as long (the wait
 * grows evenly) instead of a few waiting very long behind a crowd of interleaved requests; and
 * fewer transactions contend at once. Past `queueLimit` waiting, a request is turned away at
 * once (the caller answers with a page that retries by itself).
 */
export class Line {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly queueLimit: number,
  ) {}

  /** Resolves when it is this request's turn; false when the line is full. */
  async enter(): Promise<boolean> {
    if (this.active < this.limit) {
      this.active++;
      return true;
    }
    if (this.waiting.length >= this.queueLimit) return false;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true;
  }

  /** The request is done: the next in line (its place passes on) or a free place. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  get size(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
