/** What the drill's clients send, each through Varnish. */
export type RequestKind = 'read' | 'publish' | 'watch';

/** One event's window: from its start until the next one starts. */
export interface EventWindow {
  name: string;
  startedAt: number;
  requests: number;
  failed: number;
  /** Why requests failed: "503", "ECONNRESET", "timeout"… → how many. */
  reasons: Map<string, number>;
  byKind: Record<RequestKind, { requests: number; failed: number }>;
}

/**
 * Counts every request the drill's clients send, in the window of the event running when
 * it was sent, with the reasons of those that failed.
 */
export class RequestTally {
  readonly windows: EventWindow[] = [];

  /** Starts the window of `name`; the previous one ends here. */
  begin(name: string): EventWindow {
    const window: EventWindow = {
      name,
      startedAt: performance.now(),
      requests: 0,
      failed: 0,
      reasons: new Map(),
      byKind: {
        read: { requests: 0, failed: 0 },
        publish: { requests: 0, failed: 0 },
        watch: { requests: 0, failed: 0 },
      },
    };
    this.windows.push(window);
    return window;
  }

  /** The window a thing that happened at `at` (performance.now()) belongs to. */
  windowAt(at: number): EventWindow {
    let found = this.windows[0];
    if (!found) throw new Error('No event window has begun.');
    for (const window of this.windows) if (window.startedAt <= at) found = window;
    return found;
  }

  /** A request sent at `sentAt`: `failure` is undefined when it succeeded, else why it failed. */
  record(kind: RequestKind, sentAt: number, failure: string | undefined): void {
    const window = this.windowAt(sentAt);
    window.requests++;
    window.byKind[kind].requests++;
    if (failure === undefined) return;
    window.failed++;
    window.byKind[kind].failed++;
    const reason = `${kind} ${failure}`;
    window.reasons.set(reason, (window.reasons.get(reason) ?? 0) + 1);
  }

  get requests(): number {
    return this.windows.reduce((sum, w) => sum + w.requests, 0);
  }

  get failed(): number {
    return this.windows.reduce((sum, w) => sum + w.failed, 0);
  }
}

/** Why a request failed, short: the status, or the error's code (ECONNRESET, timeout…). */
export function failureReason(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'timeout';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(error);
}
