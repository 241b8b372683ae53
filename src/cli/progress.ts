import cliProgress from 'cli-progress';

/**
 * A progress bar on a terminal; on anything else (CI logs, pipes) a line every 10 %.
 * `update(done, total)` in any unit; `stop()` when finished.
 */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {duration}s`, hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(Math.min(done, total));
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update(done, total) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${tenth * 10}%\n`);
      }
    },
    stop() {},
  };
}
