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
