"use client";

import { useState } from "react";
import { LogOutIcon } from "lucide-react";
import { signOut } from "next-auth/react";

import { Button, type ButtonProps } from "@/components/ui/button";

export function SignOutButton({ children = "Sign out", ...props }: Omit<ButtonProps, "onClick">) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="outline"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/sign-in" });
      }}
      {...props}
    >
      <LogOutIcon aria-hidden="true" />
      {children}
    </Button>
  );
}
