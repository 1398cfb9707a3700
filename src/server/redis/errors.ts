/**
 * Redis could not be reached: the shared command connection refuses commands while disconnected ("Stream isn't
 * writeable and enableOfflineQueue options is false"), a command outlived its retries, the connection closed, a
 * connection did not become ready in time (`connectionReady`), or the server is still loading its data.
 */
const REDIS_GONE = /enableOfflineQueue|Connection is closed|max retries per request|Redis not ready|^LOADING /i;

export function isRedisUnavailable(e: unknown): boolean {
  const message = e !== null && typeof e === "object" ? (e as { message?: unknown }).message : undefined;
  return typeof message === "string" && REDIS_GONE.test(message);
}
