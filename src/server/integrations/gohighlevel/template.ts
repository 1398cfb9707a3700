/**
 * The GoHighLevel integration template (seeded, and set on existing databases by the integrations_ghl migration).
 * A Private Integration token and a Location ID reach API v2; the token is a secret (encrypted, never returned).
 */
export const GHL_TEMPLATE_KEY = "gohighlevel";
export const GHL_DEFAULT_BASE_URL = "https://services.leadconnectorhq.com";

/** Our lead fields and where each goes on a GoHighLevel contact ("none": not sent). */
export const GHL_CONTACT_FIELDS = ["name", "email", "phone", "companyName", "source", "tag", "none"] as const;
export type GhlContactField = (typeof GHL_CONTACT_FIELDS)[number];
export const LEAD_FIELDS_PUSHED = ["name", "email", "phone", "company", "source", "status"] as const;
export type PushedLeadField = (typeof LEAD_FIELDS_PUSHED)[number];
export const DEFAULT_FIELD_MAPPING: Record<PushedLeadField, GhlContactField> = {
  name: "name",
  email: "email",
  phone: "phone",
  company: "companyName",
  source: "source",
  status: "tag",
};

const mappingProperty = (title: string, fallback: GhlContactField) => ({ type: "string", title, enum: [...GHL_CONTACT_FIELDS], default: fallback });

export const GHL_CONFIG_SCHEMA = {
  type: "object",
  required: ["locationId", "privateToken"],
  properties: {
    locationId: { type: "string", title: "Location ID", description: "Settings › Business Profile in GoHighLevel.", minLength: 1, maxLength: 100 },
    privateToken: { type: "string", title: "Private Integration token", description: "Settings › Private Integrations in GoHighLevel.", minLength: 1, maxLength: 500 },
    calendarId: { type: "string", title: "Calendar for bookings", description: "The GoHighLevel calendar id that bookings made here are copied to. Leave blank to keep bookings here only.", maxLength: 100 },
    remindersFromGoHighLevel: {
      type: "boolean",
      title: "GoHighLevel sends the reminders of its appointments",
      description: "Turn on when a GoHighLevel workflow reminds leads of appointments: bookings that are also in GoHighLevel then get no reminders from here, so nobody is reminded twice.",
      default: false,
    },
    pushLeads: { type: "boolean", title: "Send lead changes to GoHighLevel", default: true },
    baseUrl: { type: "string", title: "API address", description: "Only change this when GoHighLevel tells you to.", format: "uri", default: GHL_DEFAULT_BASE_URL, maxLength: 300 },
    fieldMapping: {
      type: "object",
      title: "Where lead fields go in GoHighLevel",
      properties: {
        name: mappingProperty("Name", "name"),
        email: mappingProperty("Email", "email"),
        phone: mappingProperty("Phone", "phone"),
        company: mappingProperty("Company", "companyName"),
        source: mappingProperty("Source", "source"),
        status: mappingProperty("Status", "tag"),
      },
    },
  },
} as const;

export const GHL_SECRET_FIELDS = ["privateToken"];
