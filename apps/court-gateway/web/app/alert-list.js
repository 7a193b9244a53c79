// What a page shows of alerts, kept from answers that may come back out of order: the open
// alerts from snapshots (GET /alerts?open=true) and the live stream together, and one alert from
// loads and actions. Pure, so that the unit tests run it as the pages do.

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

/**
 * One alert's answers in the order they were asked for, so that an older answer arriving late
 * cannot undo a newer one. An officer taps Acknowledge while a load started by the stream (a new
 * sighting of the car) is on its way. The tap's answer shows the alert acknowledged. The load's
 * answer, older, then brought the Acknowledge tap back, and a second tap got a 409.
 *
 * - `ask()` when a load or an action is sent: its ticket;
 * - `settle(ticket)` when it answers: whether to show it (no answer asked for later has been shown).
 */
export function createAnswerOrder() {
  let asked = 0;
  let shown = 0;
  return {
    ask() {
      return ++asked;
    },
    settle(ticket) {
      if (ticket < shown) return false;
      shown = ticket;
      return true;
    },
  };
}
