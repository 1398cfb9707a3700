import { expect, test } from "./fixtures";

// Sign-ins in this file: 1 (the seeded super admin).
const SUPER_ADMIN = { email: "admin@loctelli.local", password: "AdminPassword123!" };
const DEMO_WORKSPACE = "Demo Workspace";

test("the super admin acts in the demo workspace; the change shows in its audit log as acting-as admin", async ({
  page,
}) => {
  await page.goto("/sign-in/admin");
  await page.getByLabel("Email").fill(SUPER_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(SUPER_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/admin$/);

  await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Workspaces" }).click();
  await expect(page).toHaveURL(/\/admin\/workspaces$/);
  await page.getByLabel("Search workspaces").fill(DEMO_WORKSPACE);
  await page.getByRole("button", { name: `Act in ${DEMO_WORKSPACE}` }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  const banner = page.getByRole("region", { name: "Acting as platform admin" });
  await expect(banner).toContainText(`You are acting in ${DEMO_WORKSPACE} as a platform admin`);
  await expect(page.getByTestId("workspace-name")).toHaveText(DEMO_WORKSPACE);

  // A change made while acting: a new invitation.
  await page.goto("/settings/invitations");
  await page.getByRole("button", { name: "Create invitation" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  await expect(dialog.getByTestId("new-invitation-code")).toHaveText(/^[A-Z2-9]{8}$/);
  await dialog.getByRole("button", { name: "Done" }).click();

  // The workspace's audit log records it, marked as done by a platform admin acting here.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await page.getByLabel("Action", { exact: true }).fill("invitation.created");
  await page.getByRole("button", { name: "Apply" }).click();
  const entry = page.getByTestId("audit-entry").first();
  await expect(entry).toContainText("invitation.created");
  await expect(entry).toContainText("Platform Owner");
  await expect(entry).toContainText("Acting as admin");

  await banner.getByRole("button", { name: "Leave workspace" }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/admin$/);
});
