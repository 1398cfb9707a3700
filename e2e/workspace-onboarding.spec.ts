import type { Page } from "@playwright/test";

import { expect, registerAndVerify, test } from "./fixtures";

// Sign-ins in this file: 2 (each registration signs its new account in once its email is verified).

function uniqueSuffix() {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

const register = (page: Page, name: string, email: string) => registerAndVerify(page, { name, email, password: "a-long-enough-password" });

test("a new user creates a workspace and an invitation; a second new user joins with its code", async ({ page }) => {
  const suffix = uniqueSuffix();
  const workspaceName = `Harbor Dental ${suffix}`;

  // The first person creates the workspace and becomes its admin.
  await register(page, "Olive Owner", `e2e-owner-${suffix}@example.test`);
  const create = page.getByRole("region", { name: "Create a workspace" });
  await create.getByLabel("Workspace name").fill(workspaceName);
  await create.getByLabel(/Description/).fill("A dental practice by the harbor.");
  await create.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("workspace-name")).toHaveText(workspaceName);

  // An invitation for at most five people.
  await page.goto("/settings/invitations");
  await expect(page.getByRole("heading", { level: 2, name: "Invitations" })).toBeVisible();
  await expect(page.getByText("No invitations yet.")).toBeVisible();
  await page.getByRole("button", { name: "Create invitation" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/Maximum uses/).fill("5");
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  const codeBox = dialog.getByTestId("new-invitation-code");
  await expect(codeBox).toHaveText(/^[A-Z2-9]{8}$/);
  const code = (await codeBox.textContent())!.trim();
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row").filter({ hasText: code });
  await expect(row).toContainText("0 / 5");
  await expect(row).toContainText("Active");

  await page.getByRole("button", { name: /Account menu for Olive Owner/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The second person joins with the code.
  await register(page, "Jamie Joiner", `e2e-joiner-${suffix}@example.test`);
  const join = page.getByRole("region", { name: "Join with an invitation code" });
  await join.getByLabel("Invitation code").fill(code);
  await expect(join.getByText(`You're joining ${workspaceName}`)).toBeVisible();
  await expect(join.getByText("5 uses left")).toBeVisible();
  await expect(join.getByLabel("Invitation password")).toHaveCount(0);
  await join.getByRole("button", { name: "Join workspace" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("workspace-name")).toHaveText(workspaceName);
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: /Welcome back, Jamie/ })).toBeVisible();
});
