import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { getEnv } from "@/env";
import { widgetSettingsOf, type WidgetSettings } from "./settings";

export interface WidgetWorkspace {
  id: number;
  name: string;
  settings: unknown;
  widget: WidgetSettings;
}

/**
 * The workspace a chat window addresses, by its public key (never the numeric id). Unscoped by nature: there is no
 * workspace yet. Unknown and inactive workspaces look the same from outside.
 */
export async function unsafeFindWidgetWorkspace(key: string): Promise<WidgetWorkspace> {
  const workspace = /^[0-9a-f-]{36}$/i.test(key)
    ? await unsafeDb.subAccount.findUnique({ where: { publicKey: key.toLowerCase() }, select: { id: true, name: true, isActive: true, settings: true } })
    : null;
  if (!workspace?.isActive) throw new AppError("NOT_FOUND", "No such workspace.");
  return { id: workspace.id, name: workspace.name, settings: workspace.settings, widget: widgetSettingsOf(workspace) };
}

/** The product's own origin: the chat window's requests come from it. */
export function appOrigins(): string[] {
  const env = getEnv();
  return [...new Set([new URL(env.APP_URL).origin, new URL(env.publicUrl).origin])];
}

/**
 * Whether a request's Origin may talk to this workspace's chat: the product's own origin (the chat window) or one of
 * the workspace's sites. A request without Origin (not a browser's cross-origin call) is judged by its token alone.
 */
export function widgetOriginAllowed(origin: string | null, workspace: WidgetWorkspace, opts: { requireSite?: boolean } = {}): boolean {
  if (origin === null) return !opts.requireSite;
  if (workspace.widget.allowedOrigins.includes(origin)) return true;
  return !opts.requireSite && appOrigins().includes(origin);
}
