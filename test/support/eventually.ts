/**
 * Polls `probe` until it returns a value `accept` likes. Used to wait for asynchronous effects
 * across Kafka (not for time-dependent domain behaviour, which uses the manual clock).
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean = (v) => Boolean(v),
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${lastError}` : ''}`);
}
