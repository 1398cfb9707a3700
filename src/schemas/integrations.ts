import { z } from "zod";
import { idSchema, text } from "@/schemas/common";

/** A template's key: what the code knows it by (e.g. "gohighlevel"). */
const templateKey = text().min(2).max(60).regex(/^[a-z][a-z0-9-]*$/, "Use lowercase letters, digits and dashes.");

export const integrationTemplateFieldsSchema = z
  .object({
    name: text().min(1).max(100),
    category: text().max(60).optional(),
    description: text().max(1000).optional(),
    /** The configuration's JSON Schema, as text (parsed and checked with Ajv on the server). */
    configSchema: text().min(2).max(50_000),
    secretFields: z.array(text().min(1).max(100)).max(50).default([]),
    isActive: z.boolean().default(true),
  })
  .strict();

export const createIntegrationTemplateSchema = integrationTemplateFieldsSchema.extend({ key: templateKey }).strict();
export const updateIntegrationTemplateSchema = integrationTemplateFieldsSchema.extend({ id: idSchema }).strict();
export type IntegrationTemplateFields = z.output<typeof integrationTemplateFieldsSchema>;

const configLeaf = z.union([text().max(5_000), z.boolean(), z.number().min(-1_000_000_000).max(1_000_000_000)]);
/** A workspace's values for a template's form: leaves, or one level of grouped leaves. Checked against the schema with Ajv. */
export const integrationValuesSchema = z.record(text().min(1).max(100), z.union([configLeaf, z.record(text().min(1).max(100), configLeaf)]));

export const connectIntegrationSchema = z.object({ templateId: idSchema, values: integrationValuesSchema }).strict();
export const integrationIdSchema = z.object({ id: idSchema }).strict();
export const setIntegrationEnabledSchema = z.object({ id: idSchema, enabled: z.boolean() }).strict();
