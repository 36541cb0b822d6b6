/**
 * Exceptions thrown out of the server's handlers while a suite runs (uncaught: a real server would
 * die of them): `start` and `stop` around the suite, `crashes` lists them, and `next()` is a
 * promise that rejects at the next one (race it against the reply being waited for).
 */
export function crashWatch(): { crashes: unknown[]; start(): void; stop(): void; next(): Promise<never> } {
  const crashes: unknown[] = [];
  let alarm: (e: unknown) => void = () => undefined;
  const onCrash = (e: unknown): void => {
    crashes.push(e);
    alarm(e);
  };
  return {
    crashes,
    start: () => void process.on('uncaughtException', onCrash),
    stop: () => void process.off('uncaughtException', onCrash),
    next() {
      const crash = new Promise<never>((_, reject) => {
        alarm = reject;
      });
      crash.catch(() => undefined);
      return crash;
    },
  };
}
