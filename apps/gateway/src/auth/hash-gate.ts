/** Raised when the gate's queue is full: the caller answers 503 with Retry-After. */
export class HashGateFull extends Error {
  constructor() {
    super('too many password checks waiting');
    this.name = 'HashGateFull';
  }
}

/**
 * A counting semaphore for password hashing: at most `concurrency` hashes run at once (each
 * argon2id takes 19 MiB and a core for tens of milliseconds), at most `queue` more wait their
 * turn in order, and anything beyond is refused at once instead of piling up memory and latency.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` when a slot is free; throws HashGateFull if the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new HashGateFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` stays the same.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** For /metrics and tests: hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
