import { tsImport } from "tsx/esm/api";

/**
 * Next loads .env files before this module, so the environment the server will run with is validated
 * here, at `next build`, `next dev` and `next start`: a bad variable stops the process with its name.
 * SKIP_ENV_VALIDATION=1 is for image builds that get their secrets only at run time.
 */
if (!process.env.SKIP_ENV_VALIDATION) {
  const { parseEnv } = await tsImport("./src/env.ts", import.meta.url);
  try {
    parseEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // headers() is compiled into the build, so this follows the NODE_ENV of `next build`.
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `.next/standalone/server.js`: the app without scripts/server.ts (a Vercel-style or container deployment; see
  // README "Standalone"). Its traced node_modules must include what is loaded by path at run time.
  output: "standalone",
  outputFileTracingIncludes: {
    "/**": ["./src/server/auth/bcrypt-worker.mjs", "./node_modules/bcryptjs/**"],
  },
  // Native, wasm or worker-thread packages that must be required from node_modules at run time.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "pg",
    "pino",
    "bullmq",
    "ioredis",
    "bcryptjs",
    "piscina",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // The website chat's window is framed by the workspace's own sites: its route sets frame-ancestors instead.
      // A form's embed too: src/proxy.ts sets its frame-ancestors.
      { source: "/:path((?!api/public/widget/frame$)(?!f/[^/]+/embed/?$).*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
    ];
  },
};

export default nextConfig;
