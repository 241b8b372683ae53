import cluster, { type Worker } from 'node:cluster';

/**
 * The server processes a supervisor forked (node:cluster), each counted until its process has
 * exited. Not `cluster.workers`: node:cluster lists a worker until it has seen both its exit and
 * the end of its IPC channel, in either order, and says 'exit' once. libuv reaps every exited
 * child on one SIGCHLD, so when the second server exits while the supervisor is busy with the
 * first, its 'exit' comes while it is still listed and the list empties later, silently; a
 * supervisor waiting for an empty list at 'exit' waited forever, and Node ended it with exit
 * code 13 (a top-level await left unsettled) once nothing else was left to wait for.
 */
export class ServerProcesses {
  readonly #running = new Set<Worker>();
  #allExited: (() => void) | undefined;

  /** Starts one more server process. */
  fork(): Worker {
    const worker = cluster.fork();
    this.#running.add(worker);
    // A message sent as the process dies (a purge notice) fails with EPIPE on its channel:
    // unheard, that error would end the supervisor too. Its exit is handled on 'exit'.
    worker.on('error', (error) => console.error(`Server process ${worker.process.pid}: ${error.message}`));
    // Before cluster's own 'exit', so that its listeners see the count without this one.
    worker.once('exit', () => {
      this.#running.delete(worker);
      if (this.#running.size === 0) this.#allExited?.();
    });
    return worker;
  }

  /** How many have not exited yet. */
  get running(): number {
    return this.#running.size;
  }

  /** Sends every running server `signal`; resolves once all have exited (at once when none runs). */
  stopAll(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const allExited = new Promise<void>((resolve) => {
      if (this.#running.size === 0) resolve();
      else this.#allExited = resolve;
    });
    for (const worker of this.#running) worker.process.kill(signal);
    return allExited;
  }
}
