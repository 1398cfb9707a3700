import "dotenv/config";
import { defineConfig } from "prisma/config";

// Offline machines cannot download Prisma's schema-engine binary; migrations run through
// scripts/migrate.ts (the wasm engine). DATABASE_URL falls back to the local default of src/env.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/loctelli" },
});
