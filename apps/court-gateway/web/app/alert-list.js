// The open alerts a page shows, kept from two sources at once: snapshots (GET /alerts?open=true)
// and the live stream. Pure, so that the unit tests run it as the pages do.

/**
 * Which alerts the stream changed, in order, so that a snapshot cannot undo a change it predates.
 * A snapshot's answer is older than its arrival: an alert the stream raised, moved or closed while
 * the snapshot was on its way is stale or missing in it. Replacing the list with it would drop an
 * alert just raised or bring back one just closed until something else changed it.
 *
 * - `changed(id)` on every view the stream brings, before applying it;
 * - `mark()` when a snapshot is asked for;
 * - `merge(current, items, mark)` when it answers: the next list, or null when a snapshot asked
 *   for later has already been applied (this one has nothing newer to say).
 */
export function createStreamLog() {
  let count = 0;
  let applied = -1;
  const changedAt = new Map();
  return {
    changed(id) {
      changedAt.set(id, ++count);
    },
    mark() {
      return count;
    },
    merge(current, items, mark) {
      if (mark < applied) return null;
      applied = mark;
      const next = new Map();
      // What the snapshot says, except for alerts the stream changed after it was asked for:
      // there the stream's word stands (and an alert it closed stays gone).
      for (const alert of items) if (!((changedAt.get(alert.id) ?? 0) > mark)) next.set(alert.id, alert);
      for (const [id, at] of changedAt) {
        if (at > mark) {
          if (current?.has(id)) next.set(id, current.get(id));
        } else {
          // No snapshot from before this one will be applied: its record has done its work.
          changedAt.delete(id);
        }
      }
      return next;
    },
  };
}
