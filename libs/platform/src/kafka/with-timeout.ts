/**
 * `promise`, or a rejection naming the wait once `ms` pass. The timer is cleared either way, so
 * a bound that was not needed never holds the process open after shutdown.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'broker did not answer'): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
