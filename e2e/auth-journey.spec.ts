import { DEMO_USER, expect, registerAndVerify, signIn, test } from "./fixtures";
const WORKSPACE_SECTIONS = [
  "Dashboard",
  "Leads",
  "Inbox",
  "Strategies",
  "Bookings",
  "Contacts",
  "Forms",
  "Integrations",
  "Settings",
];

function uniqueEmail() {
  return `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

test("a new user registers, verifies the email from the mailbox, lands on onboarding, signs out; the demo user signs in to the workspace shell", async ({
  page,
  context,
}) => {
  const email = uniqueEmail();
  await registerAndVerify(page, { name: "Erin Example", email, company: "Example Dental", password: "a-long-enough-password" });
  await expect(page.getByRole("heading", { level: 1, name: /Welcome to Loctelli, Erin/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Create a workspace" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Join with an invitation code" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, DEMO_USER.email, DEMO_USER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("banner").getByText(DEMO_USER.workspace)).toBeVisible();
  // Without "remember me" the session cookie ends with the browser (no 30-day Expires).
  const sessionCookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(sessionCookie?.expires).toBe(-1);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  for (const section of WORKSPACE_SECTIONS) {
    await expect(nav.getByRole("link", { name: section })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: /Welcome back/ })).toBeVisible();

  await nav.getByRole("link", { name: "Leads" }).click();
  await expect(page).toHaveURL(/\/leads$/);
  await expect(page.getByRole("heading", { level: 1, name: "Leads" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Leads" })).toBeVisible();
});

test("wrong credentials show the sign-in error and keep the user on the sign-in page", async ({ page }) => {
  // An unknown address, not the demo account: failed attempts count towards the demo account's lockout.
  await signIn(page, uniqueEmail(), "not-the-right-password");
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
});

test("register shows a field error beside a too-short password and does not submit", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Full name").fill("Short Password");
  await page.getByLabel("Work email").fill(uniqueEmail());
  const password = page.getByLabel("Password", { exact: true });
  await password.fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/at least 8 characters/i);
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});
