import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import noServerImportInClient from "./eslint-rules/no-server-import-in-client.mjs";
import noUnsafeDbOutsideAllowList from "./eslint-rules/no-unsafe-db-outside-allow-list.mjs";

const loctelli = {
  rules: { "no-server-import-in-client": noServerImportInClient, "no-unsafe-db-outside-allow-list": noUnsafeDbOutsideAllowList },
};

/**
 * Where the unscoped database helpers (`unsafeDb`, `unsafeQuery`, `unsafeTransaction`) and raw Prisma transaction
 * clients may be used: work that has no workspace yet, or spans all of them. Everything else goes through `ctx.db`.
 */
export const UNSAFE_DB_ALLOW_LIST = [
  "src/server/db/", // defines them; the tenant client is built on the base client
  "src/server/auth/", // sessions and lockouts: read before any workspace is known
  "src/server/services/auth/", // sign-in, registration, passwords, profile, session cleanup: platform account tables
  "src/server/services/platform/", // platform administration across workspaces
  "src/server/services/prompt-templates/", // the platform-wide prompt template catalogue
  "src/server/services/onboarding/", // onboarding: moving a person into a workspace they create or join with a code
  "src/server/services/workspaces/create-workspace.ts", // a new workspace, inside the onboarding or platform transaction
  "src/server/services/audit/", // the append-only audit log and its actors' names (platform tables)
  "src/server/services/api-keys/authenticate-api-key.ts", // finds the workspace an API key belongs to
  "src/server/services/contacts/submit-contact.ts", // public form: finds the workspace by its public key or slug
  "src/server/services/widget/widget-workspace.ts", // the website chat: finds the workspace by its public key
  "src/server/services/forms/public-forms.ts", // a public form (/f/<slug>): finds the form and its workspace by slug
  "src/server/services/forms/cleanup-expired-form-sessions.ts", // daily maintenance across workspaces
  "src/server/services/system/check-health.ts", // SELECT 1
  "src/server/services/dev-mailbox/", // the development mailbox: every workspace's local-outbox emails (never in production)
  "src/server/services/jobs/", // the worker's JobRun bookkeeping (by run id) and the platform queue view
  "src/server/services/exports/cleanup-expired-exports.ts", // daily maintenance across workspaces
  "src/server/services/imports/cleanup-stale-imports.ts", // daily maintenance across workspaces
  "src/server/services/imports/import-batches.ts", // the import's bulk batches on raw pg (unsafeTransaction)
  "src/server/agents/waiting-messages.ts", // the waiting-messages sweep across workspaces
  "src/server/events/sweep-events.ts", // the sweep of domain events whose fan-out was never queued, across workspaces
  "src/server/events/cleanup-events.ts", // daily retention of dispatched events and finished webhook deliveries, across workspaces
  // A send locks its row (FOR UPDATE NOWAIT, which neither Prisma's API nor the scoped client offers) in a transaction
  // that the driver writes in too: the transaction client travels through these.
  "src/server/services/messages/send-once.ts",
  "src/server/services/messages/deliver-lead-message.ts",
  "src/server/services/notifications/deliver-notification-email.ts",
  "src/server/integrations/messaging/",
  "src/server/services/sms/deliver-sms.ts", // the same row lock for an SMS, with its `sending` state committed first
  "src/server/services/sms/twilio-webhook.ts", // a Twilio webhook finds its workspace from our number (all workspaces)
  "src/server/integrations/openai/model-settings.ts", // the platform's default model (one platform-private row) behind every workspace
  "src/server/services/email/postmark-webhook.ts", // a Postmark webhook finds its workspace from our inbound address or our message id (all workspaces)
  "src/server/services/integrations/manage-templates.ts", // the platform-wide integration template catalogue
  "src/server/services/integrations/gohighlevel/webhook.ts", // a GoHighLevel webhook finds its workspace from the location id of our integration (all workspaces)
  "src/server/services/integrations/gohighlevel/schedule-sync.ts", // queues the incremental sync of every enabled connection (all workspaces)
  "src/server/services/email/threading.ts", // reads the thread and suppressions on the email send's row-lock transaction (every query names the workspace)
];

const config = [
  {
    ignores: ["src/generated/**", "tests/support/public-api-types.ts", ".next/**", "node_modules/**", "test-results/**", "playwright-report/**"],
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
  {
    files: ["src/**/*.{ts,tsx,mts,cts}", "worker/**/*.ts"],
    rules: { "loctelli/no-unsafe-db-outside-allow-list": ["error", { allow: UNSAFE_DB_ALLOW_LIST }] },
  },
  {
    // Every time on a screen goes through src/lib/time.ts: formatted in the viewer's profile zone (never the
    // browser's), the zone shown, one locale for server and browser, no offset arithmetic by hand.
    files: ["src/app/**", "src/components/**", "src/features/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
          "CallExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
          "CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]",
          "CallExpression[callee.property.name='toLocaleString'][arguments.length=0]",
          "CallExpression[callee.property.name='getTimezoneOffset']",
        ].map((selector) => ({
          selector,
          message: "Show times with src/lib/time.ts (useViewerTime / ZonedTime): the viewer's zone, shown, one locale.",
        })),
      ],
    },
  },
];

export default config;
