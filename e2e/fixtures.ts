import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Each test is its own client: the e2e server trusts one proxy hop (TRUST_PROXY_HOPS=1, as behind a load
 * balancer), and every request of a test carries that test's address in X-Forwarded-For. Per-IP sign-in
 * limits and lockouts then apply per test, as they would per visitor, instead of to the whole suite.
 */
const octet = () => Math.floor(Math.random() * 250) + 1;

export const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide) => {
    await provide({ ...extraHTTPHeaders, "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}` });
  },
});

export { expect };

/** The seeded demo user (prisma/seed.ts). */
export const DEMO_USER = { email: "demo@loctelli.local", password: "DemoPassword123!", workspace: "Demo Workspace" };

/** Submits the sign-in form, as a person does. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs the demo user in and waits for the dashboard. */
export async function signInAsDemoUser(page: Page) {
  await signIn(page, DEMO_USER.email, DEMO_USER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/**
 * Signs up through /register and finishes as a newcomer does on a machine without a mail provider: the verification
 * email from the development mailbox (/dev/mailbox, on in the e2e server), its link, then sign-in. Ends on onboarding.
 */
export async function registerAndVerify(page: Page, person: { name: string; email: string; password: string; company?: string }) {
  await page.goto("/register");
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  if (person.company) await page.getByLabel(/Company/).fill(person.company);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/Check your email: we sent a link to finish signing up/)).toBeVisible();

  // The worker sends the email within moments: reload the mailbox until it is there.
  const email = page.getByTestId("mailbox-email").filter({ hasText: `To ${person.email}` }).filter({ hasText: "Confirm your email" });
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(email.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await email.first().getByRole("link", { name: /\/verify-email\?token=/ }).click();
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText(`${person.email} is confirmed`)).toBeVisible();

  await signIn(page, person.email, person.password);
  await expect(page).toHaveURL(/\/onboarding$/);
}

/** The page's width fits `width` (no sideways scroll); when not, the error names the widest elements that stick out. */
export async function expectNoSidewaysScroll(page: Page, what: string, width = 390) {
  const { scrollWidth, offenders } = await page.evaluate((limit) => {
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const offenders = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > limit + 1 && !insideScroller(el))
      .slice(0, 6)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}" right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  }, width);
  expect(scrollWidth, `${what} overflows at ${width}px: ${offenders.join("; ")}`).toBeLessThanOrEqual(width);
}

/** The signing key and receiver port the e2e server set up for this run (scripts/e2e-server.ts), read when needed. */
export function e2eEmulators(): { webhookReceiverPort: number; ghlEmulatorPort: number; ghlPrivateKeyPem: string } {
  const file = path.join(os.tmpdir(), `loctelli-e2e-${process.env.E2E_PORT ?? "8100"}-emulators.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as { webhookReceiverPort: number; ghlEmulatorPort: number; ghlPrivateKeyPem: string };
}
