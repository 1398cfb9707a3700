import type { LucideIcon } from "lucide-react";
import {
  BlocksIcon,
  ChartColumnIcon,
  CircleDollarSignIcon,
  BookOpenTextIcon,
  BotIcon,
  Building2Icon,
  CalendarCheckIcon,
  ContactIcon,
  FileTextIcon,
  InboxIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  MegaphoneIcon,
  MessageSquareTextIcon,
  ListChecksIcon,
  ScrollTextIcon,
  SettingsIcon,
  ShieldAlertIcon,
  ShieldCheckIcon,
  TargetIcon,
  UsersIcon,
  WaypointsIcon,
} from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Active only on this exact path (an overview page whose path prefixes its siblings'). */
  exact?: boolean;
  /** Listed only for super admins (the pages behind it need the super_admin platform role). */
  superAdminOnly?: boolean;
}

export const WORKSPACE_NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboardIcon },
  { href: "/leads", label: "Leads", icon: TargetIcon },
  { href: "/inbox", label: "Inbox", icon: InboxIcon },
  { href: "/campaigns", label: "Campaigns", icon: MegaphoneIcon },
  { href: "/templates", label: "Templates", icon: MessageSquareTextIcon },
  { href: "/strategies", label: "Strategies", icon: WaypointsIcon },
  { href: "/bookings", label: "Bookings", icon: CalendarCheckIcon },
  { href: "/contacts", label: "Contacts", icon: ContactIcon },
  { href: "/forms", label: "Forms", icon: FileTextIcon },
  { href: "/integrations", label: "Integrations", icon: BlocksIcon },
  { href: "/usage", label: "Usage", icon: ChartColumnIcon },
  { href: "/safety", label: "Safety", icon: ShieldAlertIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
];

export const ADMIN_NAV: readonly NavItem[] = [
  { href: "/admin", label: "Overview", icon: LayoutDashboardIcon, exact: true },
  { href: "/admin/workspaces", label: "Workspaces", icon: Building2Icon },
  { href: "/admin/users", label: "Users", icon: UsersIcon },
  { href: "/admin/admins", label: "Admins", icon: ShieldCheckIcon, superAdminOnly: true },
  { href: "/admin/sign-in-attempts", label: "Sign-in attempts", icon: KeyRoundIcon, superAdminOnly: true },
  { href: "/admin/audit", label: "Audit log", icon: ScrollTextIcon },
  { href: "/admin/queues", label: "Queues", icon: ListChecksIcon },
  { href: "/admin/prompt-templates", label: "Prompt templates", icon: BookOpenTextIcon },
  { href: "/admin/integrations", label: "Integrations", icon: BlocksIcon },
  { href: "/admin/prices", label: "Model prices", icon: CircleDollarSignIcon },
  { href: "/admin/ai", label: "AI model", icon: BotIcon },
];

export const NAV_SECTIONS = { workspace: WORKSPACE_NAV, admin: ADMIN_NAV } as const;
export type NavSection = keyof typeof NAV_SECTIONS;

/** The section's items this account may open. */
export function navItemsFor(section: NavSection, superAdmin: boolean): readonly NavItem[] {
  return NAV_SECTIONS[section].filter((item) => superAdmin || !item.superAdminOnly);
}

export function isActive(item: NavItem, pathname: string): boolean {
  if (item.exact) return pathname === item.href;
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}
