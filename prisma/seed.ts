// Seeds what every installation needs, idempotently:
//  - the onboarding workspace (id 1) where new registrants wait until they create or join a workspace;
//  - a super admin (DEFAULT_ADMIN_EMAIL / DEFAULT_ADMIN_PASSWORD, or a generated password printed once);
//  - the platform's default prompt template and the GoHighLevel integration template;
//  - unless SEED_DEMO_WORKSPACE=false: a demo workspace with sample data and a demo user
//    (demo@loctelli.local, password DEMO_USER_PASSWORD or generated and printed once), and its conversations
//    (prisma/seed-demo-conversations.ts: SMS, email and web chat with AI replies, a booking, a handoff, an incident).
import "dotenv/config";
import { randomBytes } from "node:crypto";
import { getEnv } from "@/env";
import { unsafeDb } from "@/server/db/client";
import { GHL_CONFIG_SCHEMA, GHL_SECRET_FIELDS } from "@/server/integrations/gohighlevel/template";
import { hashPassword } from "@/server/auth/password";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { snapshotOf } from "@/server/services/strategies/strategy-records";
import { seedDemoConversations } from "./seed-demo-conversations";

const generatedPassword = () => `${randomBytes(12).toString("base64url")}-Aa1`;

export async function seedOnboardingWorkspace() {
  await unsafeDb.subAccount.upsert({
    where: { id: ONBOARDING_WORKSPACE_ID },
    update: {},
    create: {
      id: ONBOARDING_WORKSPACE_ID,
      name: "Onboarding",
      slug: "onboarding",
      description: "New accounts wait here until they create or join a workspace.",
    },
  });
  // The explicit id above does not advance the sequence: move it past the highest id, but only when it is behind.
  // Never back: workspaces created meanwhile hold ids the MAX(id) of this transaction cannot see yet.
  await unsafeDb.$executeRawUnsafe(
    `SELECT setval('"SubAccount_id_seq"', x.m) FROM (SELECT MAX(id) AS m FROM "SubAccount") x, "SubAccount_id_seq" s
      WHERE s.last_value < x.m OR (s.last_value = x.m AND NOT s.is_called)`,
  );
}

async function seedSuperAdmin() {
  const env = getEnv();
  if (await unsafeDb.platformAdmin.findFirst({ where: { role: "super_admin" } })) return null;
  const password = env.DEFAULT_ADMIN_PASSWORD ?? generatedPassword();
  const passwordHash = await hashPassword(password);
  const admin = await unsafeDb.platformAdmin.create({
    data: { email: env.DEFAULT_ADMIN_EMAIL, name: "Platform Owner", role: "super_admin", passwordHash },
  });
  await unsafeDb.passwordHistory.create({ data: { accountKind: "admin", adminId: admin.id, passwordHash } });
  if (!env.DEFAULT_ADMIN_PASSWORD) {
    console.log(`\n  Super admin created: ${admin.email}\n  Password (shown once, change it after signing in): ${password}\n`);
  } else {
    console.log(`Super admin created: ${admin.email} (password from DEFAULT_ADMIN_PASSWORD)`);
  }
  return admin;
}

async function seedCatalogue() {
  let template = await unsafeDb.promptTemplate.findFirst({ where: { isDefault: true } });
  template ??= await unsafeDb.promptTemplate.create({
    data: {
      name: "Friendly receptionist",
      description: "The platform default: warm, concise, books meetings.",
      baseSystemPrompt:
        "You are the receptionist of a local business. Answer briefly and warmly, qualify the lead with the strategy's questions, and offer to book a meeting when they are a fit.",
      temperature: 0.7,
      maxTokens: 400,
      category: "general",
      tags: ["default", "booking"],
      isDefault: true,
    },
  });
  await unsafeDb.integrationTemplate.upsert({
    where: { key: "gohighlevel" },
    update: {},
    create: {
      key: "gohighlevel",
      name: "GoHighLevel",
      description: "Sync contacts and appointments with a GoHighLevel location.",
      category: "CRM",
      configSchema: GHL_CONFIG_SCHEMA as object,
      secretFields: GHL_SECRET_FIELDS,
    },
  });
  return template;
}

/** The demo workspace's SMS number (555-01xx: reserved for fiction, never a real phone). */
const DEMO_SMS_NUMBER = "+12025550142";

async function seedDemoWorkspace(promptTemplateId: number) {
  if (await unsafeDb.subAccount.findUnique({ where: { slug: "demo" } })) return;
  const password = process.env.DEMO_USER_PASSWORD || generatedPassword();
  const passwordHash = await hashPassword(password);
  const workspace = await unsafeDb.subAccount.create({
    data: {
      name: "Demo Workspace",
      slug: "demo",
      description: "Sample data to explore Loctelli.",
      settings: { defaultRegion: "US", timezone: "America/New_York" },
      activePromptTemplateId: promptTemplateId,
    },
  });
  const subAccountId = workspace.id;
  const demo = await unsafeDb.user.create({
    data: { subAccountId, email: "demo@loctelli.local", name: "Dana Demo", company: "Brightside Plumbing", role: "admin", timezone: "America/New_York", passwordHash },
  });
  await unsafeDb.passwordHistory.create({ data: { accountKind: "user", userId: demo.id, passwordHash } });
  const manager = await unsafeDb.user.create({
    data: { subAccountId, email: "sam.manager@loctelli.local", name: "Sam Rivera", role: "manager", timezone: "America/Chicago", passwordHash: await hashPassword(generatedPassword()) },
  });

  const strategy = await unsafeDb.strategy.create({
    data: {
      subAccountId,
      name: "Inbound plumbing leads",
      tag: "inbound",
      industryContext: "Residential plumbing and water heaters",
      aiName: "Riley",
      aiRole: "Scheduling assistant",
      companyBackground: "Brightside Plumbing has served the metro area for 20 years with same-day repairs.",
      conversationTone: "Friendly and reassuring",
      communicationStyle: "Short messages, one question at a time",
      qualificationQuestions: "What is the problem? Is it urgent? Do you own the property?",
      disqualificationRules: "Commercial properties over 10 units; out of service area.",
      objectionHandling: "On price: explain the flat diagnostic fee is credited to the repair.",
      closingStrategy: "Offer the two earliest slots.",
      bookingInstructions: "Book a 30-minute on-site visit with the owner's calendar.",
      outputGuidelines: "Never more than 3 sentences.",
      prohibitedBehaviors: "Never quote a final price; never promise arrival times.",
      delayMin: 5,
      delayMax: 20,
      promptTemplateId,
      createdByUserId: demo.id,
    },
  });
  // Two versions, so comparing and restoring have something to show: the first offered one slot, in a plainer tone.
  await unsafeDb.strategyVersion.create({
    data: {
      subAccountId,
      strategyId: strategy.id,
      version: 1,
      snapshot: snapshotOf({ ...strategy, conversationTone: "Friendly", closingStrategy: "Offer the earliest slot." }),
      createdByUserId: demo.id,
      createdAt: new Date(Date.now() - 9 * 24 * 60 * 60_000),
    },
  });
  await unsafeDb.strategyVersion.create({
    data: { subAccountId, strategyId: strategy.id, version: 2, snapshot: snapshotOf(strategy), createdByUserId: demo.id },
  });
  await unsafeDb.strategy.update({ where: { id: strategy.id }, data: { currentVersion: 2 } });
  // A number for the phone simulator (local SMS driver): texts from unknown phones become leads on this strategy.
  if (!(await unsafeDb.smsNumber.findUnique({ where: { phoneNumber: DEMO_SMS_NUMBER } }))) {
    await unsafeDb.smsNumber.create({ data: { subAccountId, phoneNumber: DEMO_SMS_NUMBER, label: "Demo front desk" } });
  }
  await unsafeDb.subAccount.update({
    where: { id: subAccountId },
    data: { settings: { defaultRegion: "US", timezone: "America/New_York", sms: { newLeadStrategyId: strategy.id } } },
  });

  const people = [
    ["Jordan Lee", "jordan.lee@example.com", "+12125550101", "new"],
    ["Priya Patel", "priya.patel@example.com", "+12125550102", "contacted"],
    ["Marcus Green", "marcus.green@example.com", "+12125550103", "engaged"],
    ["Elena Rossi", "elena.rossi@example.com", "+12125550104", "qualified"],
    ["Tom Becker", "tom.becker@example.com", "+12125550105", "booked"],
    ["Aiko Tanaka", "aiko.tanaka@example.com", "+12125550106", "won"],
    ["Luis Ortega", "luis.ortega@example.com", "+12125550107", "lost"],
    ["Grace Kim", "grace.kim@example.com", "+12125550108", "new"],
  ] as const;
  const day = 24 * 60 * 60_000;
  const leads = [];
  for (const [i, [name, email, phone, status]] of people.entries()) {
    leads.push(
      await unsafeDb.lead.create({
        data: {
          subAccountId,
          name,
          email,
          phone,
          status,
          source: i % 2 ? "web form" : "sms",
          ownerId: i % 3 ? demo.id : manager.id,
          strategyId: strategy.id,
          timezone: "America/New_York",
          conversationState: { stage: status === "booked" ? "booked" : "discovery" },
          createdAt: new Date(Date.now() - (i * 4 + 1) * day),
        },
      }),
    );
  }
  await unsafeDb.leadNote.create({
    data: { subAccountId, leadId: leads[3]!.id, authorUserId: demo.id, body: "Water heater is 15 years old; wants a replacement quote." },
  });

  await unsafeDb.availabilitySchedule.create({
    data: {
      subAccountId,
      userId: demo.id,
      timezone: "America/New_York",
      weeklyHours: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "15:00"]] },
      slotMinutes: 30,
      bufferAfterMin: 15,
      minNoticeMinutes: 120,
      maxPerDay: 6,
    },
  });
  const nextWeek = new Date(Date.now() + 7 * day);
  nextWeek.setUTCHours(15, 0, 0, 0);
  for (const [i, lead] of [leads[4]!, leads[3]!].entries()) {
    const startsAt = new Date(nextWeek.getTime() + i * day);
    await unsafeDb.booking.create({
      data: {
        subAccountId,
        userId: demo.id,
        leadId: lead.id,
        title: `On-site visit: ${lead.name}`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        timezone: "America/New_York",
        status: "confirmed",
      },
    });
  }

  for (const [name, email, status, priority] of [
    ["Olivia Brown", "olivia@example.com", "NEW", "HIGH"],
    ["Noah Wilson", "noah@example.com", "CONTACTED", "MEDIUM"],
    ["Mia Clark", "mia@example.com", "QUALIFIED", "LOW"],
  ] as const) {
    await unsafeDb.contactSubmission.create({
      data: { subAccountId, name, email, status, priority, message: "I'd like a quote for a bathroom remodel.", source: "website" },
    });
  }

  await unsafeDb.formTemplate.create({
    data: {
      subAccountId,
      name: "Request a quote",
      slug: "request-a-quote",
      kind: "simple",
      schema: {
        fields: [
          { id: "name", type: "text", label: "Your name", required: true },
          { id: "phone", type: "phone", label: "Phone", required: true },
          { id: "issue", type: "textarea", label: "What needs fixing?" },
        ],
      },
    },
  });

  if (process.env.DEMO_USER_PASSWORD) {
    console.log("Demo workspace created: demo@loctelli.local (password from DEMO_USER_PASSWORD)");
  } else {
    console.log(`\n  Demo workspace created. Sign in as demo@loctelli.local\n  Password (shown once): ${password}\n`);
  }
}

export async function seed() {
  await seedOnboardingWorkspace();
  await seedSuperAdmin();
  const template = await seedCatalogue();
  if (process.env.SEED_DEMO_WORKSPACE !== "false") {
    await seedDemoWorkspace(template.id);
    // Also for demo workspaces seeded before the conversations existed (skipped once it has messages).
    const demo = await unsafeDb.subAccount.findUnique({ where: { slug: "demo" }, select: { id: true } });
    if (demo) await seedDemoConversations(demo.id);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await seed();
  } finally {
    await unsafeDb.$disconnect();
  }
}
