import path from "node:path";
import { ESLint, RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs rule module without type declarations
import rule from "../../eslint-rules/no-server-import-in-client.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = process.cwd();
const file = (p: string) => path.join(root, p);
const serverImport = [{ messageId: "serverImport" }];
const generatedImport = [{ messageId: "generatedImport" }];

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
});

tester.run("loctelli/no-server-import-in-client", rule, {
  valid: [
    // Server components, route handlers and the server itself may import anything.
    { filename: file("src/app/(workspace)/leads/page.tsx"), code: `import { unsafeDb } from "@/server/db/client";` },
    { filename: file("src/server/api/root.ts"), code: `import { x } from "../services/lead/list-leads";` },
    // "use client" that is not the first statement is not a directive.
    { filename: file("src/app/page.tsx"), code: `import a from "a";\n"use client";\nimport { logger } from "@/server/logger";` },
    // Type-only imports are erased.
    { filename: file("src/trpc/react.tsx"), code: `"use client";\nimport type { AppRouter } from "@/server/api/root";` },
    { filename: file("src/components/lead-table.tsx"), code: `import { type Lead } from "@/generated/prisma/client";` },
    { filename: file("src/features/leads/x.ts"), code: `export type { AppRouter } from "@/server/api/root";` },
    // Look-alikes that are not src/server.
    { filename: file("src/components/a.tsx"), code: `import { x } from "@/serverless"; import { y } from "@/schemas/lead";` },
    { filename: file("src/components/a.tsx"), code: `import { z } from "../schemas/server";` },
  ],
  invalid: [
    {
      filename: file("src/app/(auth)/sign-in/form.tsx"),
      code: `"use client";\nimport { hashPassword } from "@/server/auth/password";`,
      errors: [{ message: "Client code cannot import src/server/** (server-only code)" }],
    },
    { filename: file("src/app/x.tsx"), code: `'use client'\nimport s from "@/server";`, errors: serverImport },
    { filename: file("src/components/ui/button.tsx"), code: `import { logger } from "@/server/logger";`, errors: serverImport },
    { filename: file("src/features/leads/hooks.ts"), code: `export { getEnv } from "@/server/env";`, errors: serverImport },
    { filename: file("src/features/leads/hooks.ts"), code: `export * from "@/server/errors";`, errors: serverImport },
    { filename: file("src/features/leads/hooks.ts"), code: `const m = await import("@/server/errors");`, errors: serverImport },
    // Relative paths that resolve into src/server.
    { filename: file("src/components/a/b.tsx"), code: `import { AppError } from "../../server/errors";`, errors: serverImport },
    { filename: file("src/app/x/y.tsx"), code: `"use client";\nimport x from "../../server";`, errors: serverImport },
    // The generated Prisma client.
    { filename: file("src/components/a.tsx"), code: `import { PrismaClient } from "@/generated/prisma/client";`, errors: generatedImport },
    { filename: file("src/app/a.tsx"), code: `"use client";\nimport { LeadStatus } from "@/generated/prisma/enums";`, errors: generatedImport },
    { filename: file("src/features/a.ts"), code: `import { Prisma } from "../generated/prisma/client";`, errors: generatedImport },
  ],
});

describe("eslint.config.mjs", () => {
  it("enables the rule for the project's files", async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText(`import { logger } from "@/server/logger";\nexport const x = logger;\n`, {
      filePath: file("src/components/__lint-probe__.tsx"),
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain("loctelli/no-server-import-in-client");
  });
});
