import { z } from "zod";

/**
 * The validated environment. Every variable of the product is declared here once; a missing or invalid
 * value stops the process at start with a message naming the variable. Local defaults let a fresh machine
 * run with nothing configured; secrets have no default in code (scripts/ensure-env.ts writes random ones
 * into .env on a developer machine).
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const secret = (name: string) =>
  z
    .string({ error: `${name} is required (scripts/ensure-env.ts generates one for local use)` })
    .min(32, `${name} must be at least 32 characters`);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(8000),
    APP_URL: z.url().default("http://localhost:8000"),
    // The address providers call back (Twilio webhooks are signed over it); APP_URL when unset.
    PUBLIC_URL: optionalUrl,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    DATABASE_URL: z
      .string()
      .default("postgresql://postgres@127.0.0.1:5432/loctelli")
      .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must be a postgresql:// URL"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

    REDIS_URL: optionalString.pipe(
      z
        .string()
        .refine((v) => /^rediss?:\/\//.test(v), "REDIS_URL must be a redis:// or rediss:// URL")
        .optional(),
    ),
    REDIS_HOST: z.string().default("127.0.0.1"),
    REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(6379),
    REDIS_PASSWORD: optionalString,

    // next-auth signs and encrypts its session cookie with JWT_SECRET; refresh tokens are HMAC'd with
    // JWT_REFRESH_SECRET before they are stored.
    JWT_SECRET: secret("JWT_SECRET"),
    JWT_REFRESH_SECRET: secret("JWT_REFRESH_SECRET"),
    // 32 bytes, base64: AES-256-GCM key for integration credentials and message content.
    ENCRYPTION_KEY: z
      .string({ error: "ENCRYPTION_KEY is required (32 random bytes, base64)" })
      .refine((v) => Buffer.from(v, "base64").length === 32, "ENCRYPTION_KEY must be 32 bytes encoded as base64"),

    // The earlier system's single shared key. Per-workspace API keys replace it; when set it must be strong.
    API_KEY: optionalString.pipe(z.string().min(32, "API_KEY must be at least 32 characters").optional()),

    // Admin registration is disabled unless ADMIN_AUTH_CODE is set. No built-in fallback.
    ADMIN_AUTH_CODE: optionalString.pipe(z.string().min(12, "ADMIN_AUTH_CODE must be at least 12 characters").optional()),
    DEFAULT_ADMIN_EMAIL: z.email().default("admin@loctelli.local"),
    DEFAULT_ADMIN_PASSWORD: optionalString.pipe(
      z.string().min(12, "DEFAULT_ADMIN_PASSWORD must be at least 12 characters").optional(),
    ),

    // Client IPs come from X-Forwarded-For only when this many trusted proxies sit in front of the app.
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Served without scripts/server.ts (Next's standalone output behind a platform's edge): the header in which that
    // platform alone writes the client's address (e.g. x-real-ip, x-vercel-forwarded-for, cf-connecting-ip). Unset:
    // X-Forwarded-For as normalised by scripts/server.ts. Never set it when clients can reach the app directly.
    TRUSTED_CLIENT_IP_HEADER: optionalString.pipe(
      z
        .string()
        .toLowerCase()
        .regex(/^[a-z0-9-]+$/, "TRUSTED_CLIENT_IP_HEADER must be a header name (letters, digits and -)")
        .optional(),
    ),
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url("CORS_ORIGINS must be a comma-separated list of origins"))),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),

    OPENAI_API_KEY: optionalString,
    OPENAI_MODEL: z.string().default("gpt-4o-mini"),
    OPENAI_BASE_URL: optionalUrl,
    // Per model request; a timed-out request is retried OPENAI_MAX_RETRIES times before the turn gives up.
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),

    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_PHONE_NUMBER: optionalString,
    // The phone simulator (and Twilio-style receipts of the local SMS outbox) in a production build, e.g. under
    // `npm start` on a developer's machine; always on in development and tests. Never set it on a real deployment.
    PHONE_SIMULATOR: z.enum(["true", "false", ""]).default("false").transform((v) => v === "true"),
    // Another base URL for Twilio's REST API (a local server that speaks it, in tests); unset in production.
    TWILIO_API_URL: optionalUrl,
    POSTMARK_API_KEY: optionalString,
    // The platform's Postmark account API token (Account › API tokens): Settings › Email's "check" asks the account API
    // whether a sender address or its domain is verified. Unset: workspaces on the platform's server cannot check.
    POSTMARK_ACCOUNT_TOKEN: optionalString,
    // Another base URL for Postmark's API (a local server that speaks it, in tests); unset in production.
    POSTMARK_API_URL: optionalUrl,
    // Forms' bot checks: Cloudflare Turnstile's and hCaptcha's siteverify addresses (set only for a local server in tests).
    TURNSTILE_VERIFY_URL: z.url().default("https://challenges.cloudflare.com/turnstile/v0/siteverify"),
    HCAPTCHA_VERIFY_URL: z.url().default("https://api.hcaptcha.com/siteverify"),
    // Postmark message streams: notifications and conversations go on the transactional one, bulk mail on the broadcast one.
    POSTMARK_TRANSACTIONAL_STREAM: z.string().trim().min(1).default("outbound"),
    POSTMARK_BROADCAST_STREAM: z.string().trim().min(1).default("broadcast"),
    // The domain of inbound addresses (Postmark's inbound domain, or your own forwarded to it): replies go to
    // reply+<conversation>@ it and each workspace's address is inbox+<workspace>@ it.
    POSTMARK_INBOUND_DOMAIN: z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "POSTMARK_INBOUND_DOMAIN must be a domain name").default("inbound.loctelli.local"),
    // The HTTP basic-auth credentials of the inbound and bounce webhook URLs (https://user:password@host/api/webhooks/postmark/…).
    // Unset: every Postmark webhook is refused (401).
    POSTMARK_WEBHOOK_USERNAME: optionalString,
    POSTMARK_WEBHOOK_PASSWORD: optionalString,
    // GoHighLevel's Ed25519 public key for X-GHL-Signature on webhooks (PEM, or the raw 32-byte key in base64). Without it
    // every GoHighLevel webhook is refused (401): set it from GoHighLevel's webhook documentation.
    GHL_WEBHOOK_PUBLIC_KEY: optionalString,
    // The From of every email (a Postmark sender signature in production).
    EMAIL_FROM: z.string().trim().min(3).default("Loctelli <no-reply@loctelli.local>"),

    R2_ACCOUNT_ID: optionalString,
    R2_ACCESS_KEY_ID: optionalString,
    R2_SECRET_ACCESS_KEY: optionalString,
    R2_BUCKET_NAME: optionalString,
    R2_PUBLIC_URL: optionalUrl,
    S3_ENDPOINT: optionalUrl,
    // Unset means "auto" (R2); an AWS region (e.g. eu-central-1) for S3 itself.
    S3_REGION: optionalString,
    STORAGE_DIR: z.string().default("./storage"),

    // Vercel-style deployments may rate limit on Upstash instead of the Redis above.
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: optionalString,

    RUN_MIGRATIONS_ON_START: z
      .enum(["true", "false", "1", "0", ""])
      .default("true")
      .transform((v) => v !== "false" && v !== "0"),
    // Whether this worker process registers the repeated jobs (sweeps and cleanups across every workspace). Tests that
    // start worker processes turn it off: their database is shared with test files running alongside.
    WORKER_SCHEDULERS: z
      .enum(["true", "false", "1", "0", ""])
      .default("true")
      .transform((v) => v !== "false" && v !== "0"),
    // Namespace of every BullMQ key (tests use their own).
    QUEUE_PREFIX: z.string().regex(/^[\w-]+$/, "QUEUE_PREFIX may contain letters, digits, _ and - only").default("loctelli"),
    // How long a worker's claim on a job lasts without renewal: a crashed worker's jobs run again after about this long.
    WORKER_LOCK_DURATION_MS: z.coerce
      .number({ error: "WORKER_LOCK_DURATION_MS must be a number of milliseconds" })
      .int()
      .min(1_000, "WORKER_LOCK_DURATION_MS must be at least 1000")
      .max(600_000, "WORKER_LOCK_DURATION_MS must be at most 600000")
      .default(30_000),
    // AI turns one worker process runs at once. A turn mostly waits for the model (seconds), so hundreds fit one
    // process; memory per turn is bounded (agents/memory.ts), and the database pool is shared by all of them.
    AI_TURN_CONCURRENCY: z.coerce
      .number({ error: "AI_TURN_CONCURRENCY must be a number" })
      .int()
      .min(1, "AI_TURN_CONCURRENCY must be at least 1")
      .max(2_000, "AI_TURN_CONCURRENCY must be at most 2000")
      .default(200),
    SEED_DEMO_WORKSPACE: z.enum(["true", "false"]).default("true"),
    // The development mailbox (/dev/mailbox: every email the local outbox recorded, links included) outside
    // `npm run dev`. Honoured only while email goes to the local outbox (no POSTMARK_API_KEY); `npm start` sets it.
    DEV_MAILBOX: z.enum(["true", "false"]).default("false"),
    DEMO_USER_PASSWORD: optionalString.pipe(z.string().min(8, "DEMO_USER_PASSWORD must be at least 8 characters").optional()),
    GIT_COMMIT: optionalString,
    // Outbound requests to addresses a workspace chose (webhooks, integration API addresses, a workspace's own AI
    // server) refuse loopback, private, link-local and other non-public addresses. For local development and tests
    // only: host names (or host:port) listed here, comma-separated, skip that check. With
    // NODE_ENV=production only loopback address:port entries are accepted (see below).
    WEBHOOK_ALLOWED_HOSTS: optionalString,
    // Outbound webhook deliveries one worker process makes at once (their own queue, "webhooks"): each mostly waits
    // for the receiver (10 s at most), so many fit one process.
    // Domain events one worker process fans out at once (their own queue, "events"): each is a few short statements.
    EVENT_FANOUT_CONCURRENCY: z.coerce
      .number({ error: "EVENT_FANOUT_CONCURRENCY must be a number" })
      .int()
      .min(1, "EVENT_FANOUT_CONCURRENCY must be at least 1")
      .max(500, "EVENT_FANOUT_CONCURRENCY must be at most 500")
      .default(20),
    WEBHOOK_DELIVERY_CONCURRENCY: z.coerce
      .number({ error: "WEBHOOK_DELIVERY_CONCURRENCY must be a number" })
      .int()
      .min(1, "WEBHOOK_DELIVERY_CONCURRENCY must be at least 1")
      .max(1_000, "WEBHOOK_DELIVERY_CONCURRENCY must be at most 1000")
      .default(50),
  })
  .superRefine((env, ctx) => {
    const r2 = [env.R2_ACCESS_KEY_ID, env.R2_SECRET_ACCESS_KEY, env.R2_BUCKET_NAME];
    if (r2.some(Boolean) && !r2.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["R2_BUCKET_NAME"],
        message: "R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY and R2_BUCKET_NAME must be set together",
      });
    }
    if (r2.every(Boolean) && !env.R2_ACCOUNT_ID && !env.S3_ENDPOINT) {
      ctx.addIssue({
        code: "custom",
        path: ["R2_ACCOUNT_ID"],
        message: "R2_ACCOUNT_ID (or S3_ENDPOINT for another S3-compatible service) is required with the R2 credentials",
      });
    }
    const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN];
    if (twilio.some(Boolean) && !twilio.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_AUTH_TOKEN"],
        message: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together",
      });
    }
    if (env.NODE_ENV === "production" && env.WEBHOOK_ALLOWED_HOSTS) {
      // A production build may still name a receiver on this machine by its loopback address and port (a production
      // build under test, e.g. the browser journeys' receiver); a host name or any other address would let every
      // workspace reach internal hosts, so it is refused.
      const notLoopbackPort = env.WEBHOOK_ALLOWED_HOSTS.split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry && !/^(127\.0\.0\.1|\[::1\]):\d{1,5}$/.test(entry));
      if (notLoopbackPort.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["WEBHOOK_ALLOWED_HOSTS"],
          message: `with NODE_ENV=production it may only name a loopback address with its port (127.0.0.1:4000 or [::1]:4000), not ${notLoopbackPort.join(", ")}: other hosts would let any workspace's webhooks reach internal systems`,
        });
      }
    }
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_TOKEN"],
        message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
      });
    }
  })
  .transform((env) => ({
    ...env,
    redisUrl:
      env.REDIS_URL ??
      `redis://${env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : ""}${env.REDIS_HOST}:${env.REDIS_PORT}`,
    isProduction: env.NODE_ENV === "production",
    publicUrl: (env.PUBLIC_URL ?? env.APP_URL).replace(/\/$/, ""),
    phoneSimulator: env.NODE_ENV !== "production" || env.PHONE_SIMULATOR,
  }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The environment of this process, validated once. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Tests change variables between cases; this forgets the cached parse. */
export function resetEnvCache() {
  cached = undefined;
}
