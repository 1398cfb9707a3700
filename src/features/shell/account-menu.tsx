"use client";

import Link from "next/link";
import { KeyRoundIcon, LogOutIcon, UserRoundIcon } from "lucide-react";
import { signOut } from "next-auth/react";

import { Avatar, AvatarFallback, initialsOf } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/**
 * The signed-in person's menu. Profile and password links are for workspace members (the settings pages); the admin
 * console links its own profile page (`profileHref`).
 */
export function AccountMenu({
  name,
  email,
  withSettingsLinks,
  profileHref,
}: {
  name: string;
  email: string;
  withSettingsLinks: boolean;
  profileHref?: string;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Account menu for ${name}`}
        className="rounded-full outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2"
      >
        <Avatar>
          <AvatarFallback>{initialsOf(name || email)}</AvatarFallback>
        </Avatar>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="truncate font-medium">{name}</span>
          <span className="truncate text-xs font-normal text-muted-foreground">{email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {withSettingsLinks ? (
          <>
            <DropdownMenuItem asChild>
              <Link href="/settings">
                <UserRoundIcon aria-hidden="true" />
                Profile
              </Link>
            </DropdownMenuItem>
            <DropdownMenuItem asChild>
              <Link href="/settings/password">
                <KeyRoundIcon aria-hidden="true" />
                Change password
              </Link>
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        ) : profileHref ? (
          <>
            <DropdownMenuItem asChild>
              <Link href={profileHref}>
                <UserRoundIcon aria-hidden="true" />
                Profile
              </Link>
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        ) : null}
        <DropdownMenuItem variant="destructive" onSelect={() => void signOut({ callbackUrl: "/sign-in" })}>
          <LogOutIcon aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
