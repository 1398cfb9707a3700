import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import noServerImportInClient from "./eslint-rules/no-server-import-in-client.mjs";

const loctelli = { rules: { "no-server-import-in-client": noServerImportInClient } };

const config = [
  {
    ignores: ["src/generated/**", ".next/**", "node_modules/**", "test-results/**", "playwright-report/**"],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    plugins: { loctelli },
    // Client files are found by path (src/components, src/features) and by the "use client" directive, which
    // a flat config cannot select on: the rule covers both src/server/** and @/generated/prisma*.
    rules: { "loctelli/no-server-import-in-client": "error" },
  },
];

export default config;
