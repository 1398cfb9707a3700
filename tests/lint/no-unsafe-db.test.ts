import fs from "node:fs";
import path from "node:path";
import { ESLint, RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs rule module without type declarations
import rule from "../../eslint-rules/no-unsafe-db-outside-allow-list.mjs";
// @ts-expect-error -- the flat config is a plain .mjs module
import { UNSAFE_DB_ALLOW_LIST } from "../../eslint.config.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = process.cwd();
const file = (p: string) => path.join(root, p);
const allow = [{ allow: ["src/server/db/", "src/server/auth/", "src/server/services/imports/import-batches.ts"] }];
const unsafe = (name: string) => [{ messageId: "unsafeImport", data: { name } }];

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
});

tester.run("loctelli/no-unsafe-db-outside-allow-list", rule, {
  valid: [
    // The allow-list: folders (trailing "/") and single files.
    { filename: file("src/server/auth/sessions.ts"), options: allow, code: `import { Prisma, unsafeDb, unsafeQuery } from "@/server/db/client";` },
    { filename: file("src/server/db/tenant.ts"), options: allow, code: `import { unsafeDb } from "./client";\ntype T = Prisma.TransactionClient;` },
    {
      filename: file("src/server/services/imports/import-batches.ts"),
      options: allow,
      code: `import { unsafeTransaction, type UnsafeTransaction } from "@/server/db/client";`,
    },
    // What everyone may import from the db client.
    { filename: file("src/server/services/leads/list-leads.ts"), options: allow, code: `import { Prisma, disconnectDatabase } from "@/server/db/client";` },
    { filename: file("worker/index.ts"), options: allow, code: `const { disconnectDatabase } = await import("@/server/db/client");` },
    // The scoped transaction client is fine; so are look-alike names from elsewhere.
    { filename: file("src/server/services/leads/x.ts"), options: allow, code: `await ctx.db.$transaction(async (tx) => tx.lead.count());` },
    { filename: file("src/server/services/leads/x.ts"), options: allow, code: `import { unsafeLooking } from "@/server/other";\ntype T = Other.TransactionClient;` },
  ],
  invalid: [
    {
      filename: file("src/server/services/dashboard/get-dashboard-summary.ts"),
      options: allow,
      code: `import { unsafeDb } from "@/server/db/client";`,
      errors: [{ message: "`unsafeDb` is unscoped: use ctx.db (or ctx.db.$queryWorkspace) here, or add this file to the allow-list in eslint.config.mjs with the reason" }],
    },
    { filename: file("src/server/services/imports/run-lead-import.ts"), options: allow, code: `import { Prisma, unsafeTransaction } from "@/server/db/client";`, errors: unsafe("unsafeTransaction") },
    { filename: file("src/server/agents/run-turn.ts"), options: allow, code: `import { unsafeQuery } from "../db/client";`, errors: unsafe("unsafeQuery") },
    { filename: file("src/server/services/x.ts"), options: allow, code: `import type { UnsafeDb } from "@/server/db/client";`, errors: unsafe("UnsafeDb") },
    { filename: file("src/server/services/x.ts"), options: allow, code: `export { unsafeDb } from "@/server/db/client";`, errors: unsafe("unsafeDb") },
    { filename: file("worker/index.ts"), options: allow, code: `const { unsafeDb } = await import("@/server/db/client");`, errors: unsafe("unsafeDb") },
    { filename: file("worker/x.ts"), options: allow, code: `const db = (await import("@/server/db/client")).unsafeDb;`, errors: unsafe("unsafeDb") },
    { filename: file("src/server/services/x.ts"), options: allow, code: `import * as client from "@/server/db/client";`, errors: [{ messageId: "namespaceImport" }] },
    { filename: file("src/server/services/x.ts"), options: allow, code: `const client = await import("@/server/db/client");`, errors: [{ messageId: "namespaceImport" }] },
    // A raw transaction client handed to a service, however it is spelled.
    {
      filename: file("src/server/services/leads/x.ts"),
      options: allow,
      code: `import type { Prisma } from "@/generated/prisma/client";\nexport async function f(tx: Prisma.TransactionClient) {}`,
      errors: [{ messageId: "transactionClient" }],
    },
    { filename: file("src/server/services/leads/x.ts"), options: allow, code: `import type { TransactionClient } from "@/generated/prisma/internal/prismaNamespace";`, errors: [{ messageId: "transactionClient" }] },
    // Inside the allow-list an escape hatch keeps its name, so grepping "unsafe" still finds every use.
    { filename: file("src/server/auth/lockout.ts"), options: allow, code: `import { unsafeDb as db } from "@/server/db/client";`, errors: [{ messageId: "renamed" }] },
    { filename: file("src/server/auth/lockout.ts"), options: allow, code: `const { unsafeDb: db } = await import("@/server/db/client");`, errors: [{ messageId: "renamed" }] },
  ],
});

describe("eslint.config.mjs", () => {
  it("enables the rule for the project's files, with the allow-list", async () => {
    const eslint = new ESLint({ cwd: root });
    const probe = `import { unsafeDb } from "@/server/db/client";\nexport const n = () => unsafeDb.lead.count();\n`;
    const [outside] = await eslint.lintText(probe, { filePath: file("src/server/services/leads/__lint-probe__.ts") });
    expect(outside?.messages.map((m) => m.ruleId)).toContain("loctelli/no-unsafe-db-outside-allow-list");
    const [inside] = await eslint.lintText(probe, { filePath: file("src/server/services/platform/__lint-probe__.ts") });
    expect(inside?.messages.map((m) => m.ruleId)).not.toContain("loctelli/no-unsafe-db-outside-allow-list");
  });

  it("names only paths that exist", () => {
    for (const entry of UNSAFE_DB_ALLOW_LIST as string[]) expect(fs.existsSync(file(entry)), entry).toBe(true);
  });
});
