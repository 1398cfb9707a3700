import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets two checkouts run their journeys side by side (each with its own E2E_DATABASE_URL / E2E_REDIS_URL).
const PORT = Number(process.env.E2E_PORT ?? 8100);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * Browser journeys against a production build (`npm run e2e:server`: build, migrate and seed the loctelli_e2e
 * database, next start on 8100). The browser is Debian's Chromium: Playwright never downloads one here.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // No retries: sign-ins are rate limited per IP (5 per 15 minutes), so a retry would fail on the limit, not the bug.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npm run e2e:server",
    url: `${baseURL}/status/health`,
    reuseExistingServer: !process.env.CI,
    // E2E_REBUILD=1 (npm test) builds inside this wait: 4+ minutes on 2 busy cores.
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
