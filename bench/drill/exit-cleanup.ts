/**
 * What the drill must undo however it ends: at the end of a normal run, on an error, on Ctrl-C
 * (SIGINT), SIGTERM or SIGHUP. Each step is synchronous, so that it also runs from the `exit`
 * event; steps run newest first (the processes before the network they live in), each once.
 */
const steps: { name: string; run: () => void }[] = [];
let installed = false;

export function undoOnExit(name: string, run: () => void): void {
  install();
  steps.push({ name, run });
}

/** Runs every step now (newest first); later calls and the `exit` event find nothing left. */
export function undoAll(): void {
  while (steps.length > 0) {
    const step = steps.pop()!;
    try {
      step.run();
    } catch (error) {
      console.error(`drill: could not undo ${step.name}: ${(error as Error).message}`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', undoAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\ndrill: ${signal}, cleaning up.`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
