import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { CreateWorkspaceInput } from "@/schemas/workspaces";

type Tx = Prisma.TransactionClient;

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "workspace";

/**
 * Inserts a workspace with a unique slug and the platform's default prompt template active.
 * Runs inside the caller's transaction so the workspace and whatever else the caller creates land together.
 */
export async function insertWorkspace(tx: Tx, input: CreateWorkspaceInput, createdByAdminId: number | null = null) {
  const base = slugify(input.name);
  const taken = await tx.subAccount.findUnique({ where: { slug: base }, select: { id: true } });
  const slug = taken ? `${base}-${randomBytes(3).toString("hex")}` : base;
  const defaultTemplate = await tx.promptTemplate.findFirst({ where: { isDefault: true }, select: { id: true } });
  return tx.subAccount.create({
    data: {
      name: input.name,
      slug,
      description: input.description || null,
      settings: input.settings,
      activePromptTemplateId: defaultTemplate?.id ?? null,
      createdByAdminId,
    },
    select: { id: true, name: true, slug: true },
  });
}

