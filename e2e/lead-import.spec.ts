import fs from "node:fs/promises";

import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, an admin of the demo workspace, whose default phone region is US).

function importFile() {
  const stamp = `${Date.now()}`.slice(-7);
  // NANP numbers whose exchange starts with 2–9, unique per run: +1 415 2xx xxxx.
  const phone = (n: number) => `(415) ${200 + n}-${stamp.slice(-4)}`;
  const good = [1, 2, 3].map((n) => ({ name: `Imported Person ${stamp}-${n}`, email: `imported-${stamp}-${n}@example.test`, phone: phone(n) }));
  const lines = [
    "Full Name,E-mail,Mobile,Firm,Favourite colour",
    ...good.map((g, i) => `${g.name},${g.email},${g.phone},Firm ${stamp} ${i + 1},blue`),
    `Bad Phone ${stamp},bad-phone-${stamp}@example.test,12,Firm ${stamp} x,red`,
    `Bad Email ${stamp},not-an-email,,Firm ${stamp} y,green`,
  ];
  return { stamp, good, csv: lines.join("\r\n") + "\r\n" };
}

test("a manager imports a CSV with a changed mapping, watches the progress finish, downloads the error report and finds the leads", async ({
  page,
}) => {
  const file = importFile();

  await signInAsDemoUser(page);

  // From the leads page to the import page.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL(/\/leads\/import$/);
  await expect(page.getByRole("heading", { level: 1, name: "Import leads" })).toBeVisible();

  // A file the browser refuses before uploading.
  await page.getByLabel("File").setInputFiles({ name: "leads.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
  await expect(page.getByText("Choose a .csv or .xlsx file.", { exact: true })).toBeVisible();

  // The real file: its size shows, it uploads, the analysis reads it.
  const fileName = `leads-${file.stamp}.csv`;
  await page.getByLabel("File").setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(file.csv, "utf8") });
  await expect(page.getByText(`${Buffer.byteLength(file.csv)} B`)).toBeVisible();
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Check the columns" })).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/leads\/import\?id=\d+$/);
  await expect(page.getByText(/· 5 rows\. Choose what each column fills/)).toBeVisible();

  // The suggestion, with sample values from the file.
  const firm = page.getByRole("combobox", { name: "Import “Firm” as" });
  const colour = page.getByRole("combobox", { name: "Import “Favourite colour” as" });
  await expect(page.getByRole("combobox", { name: "Import “Mobile” as" })).toHaveText("Phone");
  await expect(firm).toHaveText("Custom field: Firm");
  await expect(colour).toHaveText("Custom field: Favourite colour");
  await expect(page.getByRole("cell", { name: file.good[0]!.email })).toBeVisible();

  // Change the mapping: "Firm" fills the company, the colour is not imported.
  await firm.click();
  await page.getByRole("option", { name: "Company", exact: true }).click();
  await expect(firm).toHaveText("Company");
  await colour.click();
  await page.getByRole("option", { name: "Don't import" }).click();
  await expect(colour).toHaveText("Don't import");
  await page.getByLabel("Skip them").check();

  await page.getByRole("button", { name: "Start import" }).click();

  // The progress bar reaches 100 and the results show.
  await expect(page.getByRole("heading", { name: "Import complete" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
  const results = page.getByLabel("Import results");
  await expect(results.getByText("Created").locator("..")).toContainText("3");
  await expect(results.getByText("Not imported").locator("..")).toContainText("2");

  const report = page.getByRole("table", { name: "Rows not imported or skipped" });
  await expect(report.getByRole("row")).toHaveCount(3);
  await expect(report.getByRole("row").nth(1)).toContainText("Mobile");
  await expect(report.getByRole("row").nth(2)).toContainText("not-an-email");

  // The downloadable report lists the two bad rows with column, value and reason.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download report" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`leads-${file.stamp}-import-report.csv`);
  const csv = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe("row,column,value,result,reason");
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^5,Mobile,12,not imported,.*phone/i);
  expect(lines[2]).toMatch(/^6,E-mail,not-an-email,not imported,.*email/i);

  // The past imports list shows it completed.
  const pastImports = page.getByRole("table", { name: /Imports of this workspace/ });
  await expect(pastImports.getByRole("row", { name: new RegExp(fileName) })).toContainText("Completed");

  // The imported leads are in the leads table, with the company from the remapped column.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
  await page.getByLabel("Search leads").fill(file.good[0]!.name);
  const row = page.getByRole("table", { name: "Leads" }).getByRole("row", { name: new RegExp(file.good[0]!.name) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(`Firm ${file.stamp} 1`);
  await expect(row).toContainText(file.good[0]!.email);
  await expect(page.getByRole("table", { name: "Leads" }).getByText(`Bad Phone ${file.stamp}`)).toHaveCount(0);
});
