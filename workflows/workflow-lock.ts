/**
 * Runs update handlers one at a time: each action sees the state the previous one left, even
 * while an earlier one waits on an activity. Deterministic: plain promise chaining.
 */
export class WorkflowLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
