/**
 * How the app server runs in production (`npm start`, the Docker image, the soak benchmark), so it stays inside a
 * 512 MB container (bench/README.md, "Soak"). The Dockerfile sets the same values; keep them in step.
 * - a V8 heap limit: without one V8 sizes the heap from the machine's memory (about 4 GB on a large host) and
 *   collects lazily, so RSS climbs far above the ~165 MiB the app keeps alive (256 MiB leaves room to collect
 *   without slowing requests; 192 MiB cut throughput by about half);
 * - smaller young-generation semispaces (8 MiB instead of 16);
 * - at most two glibc malloc arenas: one per thread by default, each holding freed memory.
 * A NODE_OPTIONS or MALLOC_ARENA_MAX already set by the operator wins.
 */
export const APP_NODE_OPTIONS = "--max-old-space-size=256 --max-semi-space-size=8";
export const APP_MALLOC_ARENA_MAX = "2";

export function appRuntimeEnv(env: NodeJS.ProcessEnv = process.env): { NODE_OPTIONS: string; MALLOC_ARENA_MAX: string } {
  return {
    NODE_OPTIONS: env.NODE_OPTIONS?.trim() ? env.NODE_OPTIONS : APP_NODE_OPTIONS,
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX?.trim() ? env.MALLOC_ARENA_MAX : APP_MALLOC_ARENA_MAX,
  };
}
