/**
 * A small HTTP client for the public v1 API (README "API" and "Security"): JSON bodies, an API
 * key in `X-Api-Key`, 429 answered by waiting `Retry-After`. Every answer is kept whole (status and
 * parsed body) so the evaluation can judge it; a 5xx is never retried, it is a finding.
 */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export class ApiClient {
  /** Every 5xx seen, with what was asked (no plates: paths and statuses only). */
  readonly serverErrors: { method: string; path: string; status: number; body: string }[] = [];

  constructor(
    readonly baseUrl: string,
    private apiKey: string,
  ) {}

  useKey(apiKey: string): void {
    this.apiKey = apiKey;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown, timeoutMs = 120_000): Promise<Answer<T>> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'x-api-key': this.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status === 429 && attempt < 20) {
        const wait = Number(res.headers.get('retry-after') ?? '1');
        await new Promise((r) => setTimeout(r, Math.max(0.2, Number.isFinite(wait) ? wait : 1) * 1000));
        continue;
      }
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      if (res.status >= 500) this.serverErrors.push({ method, path, status: res.status, body: text.slice(0, 500) });
      return { status: res.status, body: parsed as T, text };
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(runners);
  return results;
}
