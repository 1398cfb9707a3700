import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own module graph (own clients); files run in parallel on 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
