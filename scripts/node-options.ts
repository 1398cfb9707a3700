/**
 * The Node flags the app server and the worker run with in production (`npm start`, the Docker image, the soak
 * benchmark): a V8 heap limit that keeps the process inside a 512 MB container. Without it V8 sizes the heap from the
 * machine's memory (about 4 GB on a large host) and collects lazily, so RSS climbs far above what the app needs.
 * A NODE_OPTIONS already set by the operator wins.
 */
export const APP_NODE_OPTIONS = "--max-old-space-size=256";

export function nodeOptions(env: NodeJS.ProcessEnv = process.env): string {
  return env.NODE_OPTIONS?.trim() ? env.NODE_OPTIONS : APP_NODE_OPTIONS;
}
