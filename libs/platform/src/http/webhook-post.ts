/**
 * Node's fetch keeps connections alive and may hand a request a pooled socket the receiver closed
 * an instant before (its keep-alive timeout ran out as ours had not: nodejs/undici#3141, #3492).
 * The request then dies with "other side closed" or ECONNRESET without having been answered. The
 * undici maintainers' advice is to retry; our webhook bodies carry an Idempotency-Key, so sending
 * once more, on a fresh connection, is safe. Without it, such a delivery waits for its backoff,
 * which is seconds in service and for ever on a test's stopped clock.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs = 10_000): Promise<Response> {
  const post = () => fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  try {
    return await post();
  } catch (error) {
    if (!closedUnderUs(error)) throw error;
    return post();
  }
}

/**
 * True for a request that died because its connection was closed, not refused or timed out. By
 * name, not `instanceof`: fetch's TypeError comes from Node's own realm, which a test runner's
 * sandbox does not share.
 */
export function closedUnderUs(error: unknown): boolean {
  const e = error as { name?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.cause?.code;
  return e?.name === 'TypeError' && typeof code === 'string' && ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code);
}
