/** The part of autocannon's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface Percentiles {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  }

  export interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
  }

  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    /** Requests per second over all connections (default: as fast as they go). */
    overallRate?: number;
    timeout?: number;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
    title?: string;
  }

  export interface Result {
    title?: string;
    /** Seconds. */
    duration: number;
    samples: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    mismatches: number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds, 1 ms resolution. */
    latency: Percentiles;
    /** Per-second samples; `total` is the number of completed requests. */
    requests: Percentiles & { sent: number };
    /** Bytes per second. */
    throughput: Percentiles;
  }

  export type Instance = EventEmitter &
    PromiseLike<Result> & {
      /** Ends a run before its duration; its result still follows. */
      stop(): void;
    };

  export default function autocannon(options: Options): Instance;
}
