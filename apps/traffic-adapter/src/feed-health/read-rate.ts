const WINDOW_MS = 60_000;

/**
 * Reads per minute of one camera, in O(1) memory: two fixed one-minute buckets, the previous one
 * weighted by how much of it still lies inside the sliding minute (the usual sliding-window
 * approximation). Counters only: which plates were read is never kept.
 */
export class ReadRate {
  private bucketStart = 0;
  private current = 0;
  private previous = 0;

  record(atMs: number, count = 1): void {
    this.roll(atMs);
    this.current += count;
  }

  /** Reads in the minute before `nowMs` (approximate). */
  perMinute(nowMs: number): number {
    this.roll(nowMs);
    const elapsed = (nowMs - this.bucketStart) / WINDOW_MS;
    return Math.round(this.current + this.previous * Math.max(0, 1 - elapsed));
  }

  private roll(atMs: number): void {
    const start = atMs - (atMs % WINDOW_MS);
    if (start === this.bucketStart) return;
    if (start < this.bucketStart) return; // a late read counts into the current minute
    this.previous = start - this.bucketStart === WINDOW_MS ? this.current : 0;
    this.current = 0;
    this.bucketStart = start;
  }
}
