// A bound on the simulations the language server runs at once (issue 19):
// each run is a worker thread that may use hundreds of megabytes and a core,
// and a client (or a user clicking "Simulate" repeatedly) could otherwise
// start any number. At most `limit` hold a slot; up to `queueLimit` more
// wait in order; beyond that a request is refused at once, politely.

/** Something that can be cancelled while it waits (an LSP CancellationToken fits). */
export interface WaitCancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Every slot is taken and the waiting line is full. */
export class SlotsFull extends Error {
  constructor(running: number, waiting: number) {
    super(
      `${running} simulations are running and ${waiting} more are waiting, the most the server takes at once; ` +
        'try again when one finishes, or cancel one.',
    );
    this.name = 'SlotsFull';
  }
}

/** The request was cancelled while it waited for a slot. */
export class SlotWaitCancelled extends Error {
  constructor() {
    super('The simulation was cancelled before it started.');
    this.name = 'SlotWaitCancelled';
  }
}

interface Waiter {
  grant: () => void;
}

export class RunSlots {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {
    if (!(limit >= 1) || !(queueLimit >= 0)) throw new RangeError(`RunSlots needs limit ≥ 1 and queueLimit ≥ 0, got ${limit} and ${queueLimit}`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A slot: resolves with its release function (call it once, when the run
   * ends) as soon as one is free; rejects with SlotsFull when the line is
   * full, or SlotWaitCancelled when cancelled while waiting.
   */
  acquire(cancellation?: WaitCancellation): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(new SlotsFull(this.active, this.waiting.length));
    if (cancellation?.isCancellationRequested) return Promise.reject(new SlotWaitCancelled());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          sub?.dispose();
          resolve(this.releaser());
        },
      };
      const sub = cancellation?.onCancellationRequested(() => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return; // already granted
        this.waiting.splice(at, 1);
        sub?.dispose();
        reject(new SlotWaitCancelled());
      });
      this.waiting.push(waiter);
    });
  }

  /** A release function that frees its slot once: the slot passes to the first waiter, else it becomes free. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
