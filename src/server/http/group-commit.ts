/**
 * Gathers concurrent calls into batches, as a database gathers concurrent commits: the first call starts a flush on
 * the next turn of the event loop, calls made while `maxConcurrent` flushes run wait for the next one, and each caller gets its own
 * item's result (or the batch's error). An idle server adds no wait (a lone call flushes at once); a busy one pays one
 * round trip per batch instead of one per call.
 */
export function groupCommit<T, R>(flush: (items: T[]) => Promise<R[]>, opts: { maxBatch: number; maxConcurrent: number }): (item: T) => Promise<R> {
  type Waiter = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let waiting: Waiter[] = [];
  let flushing = 0;
  let scheduled = false;

  const run = async () => {
    scheduled = false;
    if (flushing >= opts.maxConcurrent || waiting.length === 0) return;
    flushing++;
    const batch = waiting.slice(0, opts.maxBatch);
    waiting = waiting.slice(batch.length);
    try {
      const results = await flush(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      flushing--;
      if (waiting.length > 0) schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void run());
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}
