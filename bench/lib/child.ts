import { ChildProcess, fork } from 'child_process';
import * as path from 'path';

/** A forked helper process of the bench (load-child, sse-child, actions-child) answering jobs over IPC. */
export class BenchChild<Job, Result> {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  constructor(
    script: string,
    readonly name = script,
  ) {
    this.child = fork(path.join(__dirname, '..', script), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    });
  }
  get pid(): number {
    return this.child.pid!;
  }
  async run(job: Job): Promise<Result> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const onMessage = (message: { ok: boolean; result?: Result; error?: string }) => {
        this.child.off('message', onMessage);
        if (message.ok) resolve(message.result!);
        else reject(new Error(`${this.name}: ${message.error}`));
      };
      this.child.on('message', onMessage);
      this.child.send(job as object);
    });
  }
  /** Sends a message without waiting for an answer. */
  async send(message: object): Promise<void> {
    await this.ready;
    this.child.send(message);
  }
  onMessage(listener: (message: any) => void): void {
    this.child.on('message', listener);
  }
  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
