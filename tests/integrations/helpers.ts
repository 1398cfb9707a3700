import { unsafeDb } from "@/server/db/client";
import { GHL_CONFIG_SCHEMA, GHL_SECRET_FIELDS, GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";

/** The GoHighLevel template as the seed makes it (one per database: tests share it). */
export async function ghlTemplate() {
  return unsafeDb.integrationTemplate.upsert({
    where: { key: GHL_TEMPLATE_KEY },
    update: { configSchema: GHL_CONFIG_SCHEMA as object, secretFields: GHL_SECRET_FIELDS, isActive: true },
    create: { key: GHL_TEMPLATE_KEY, name: "GoHighLevel", category: "crm", configSchema: GHL_CONFIG_SCHEMA as object, secretFields: GHL_SECRET_FIELDS },
    select: { id: true, key: true },
  });
}
