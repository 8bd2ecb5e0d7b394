/**
 * Group commit: `add(item)` resolves once `write` has stored the item. Items added in the
 * same turn of the event loop share one write, made at the end of that turn (setImmediate);
 * items added while a write is in flight go together in the next one. So an idle caller
 * waits one turn and one write, and under load many callers share each write instead of
 * queueing one write each (an SQLite write completes within the turn, so without the
 * deferral no two would ever share). A failed write rejects every item that was in it;
 * later items get a write of their own.
 */
export function createGroupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  type Waiting = { item: T; resolve(): void; reject(error: unknown): void };
  let waiting: Waiting[] = [];
  let draining = false;

  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    draining = false;
  };

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    });
}
