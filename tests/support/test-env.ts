import { randomBytes } from "node:crypto";

/** The environment every test process runs with: its own database and Redis index, fresh secrets. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/loctelli_test";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1";

export function applyTestEnv(target: Record<string, string | undefined> = process.env) {
  Object.assign(target, {
    NODE_ENV: "test",
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET: target.JWT_SECRET ?? randomBytes(32).toString("hex"),
    JWT_REFRESH_SECRET: target.JWT_REFRESH_SECRET ?? randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: target.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    APP_URL: "http://localhost:8000",
    DATABASE_POOL_SIZE: "5",
  });
}
