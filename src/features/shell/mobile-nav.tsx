"use client";

import { useState } from "react";
import { MenuIcon } from "lucide-react";

import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { NavSection } from "./nav-items";
import { SidebarNav } from "./sidebar-nav";

/** Below the md breakpoint the sidebar lives in a drawer opened from the top bar. */
export function MobileNav({ section, label, superAdmin = false }: { section: NavSection; label: string; superAdmin?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <MenuIcon aria-hidden="true" />
        </Button>
      </DialogTrigger>
      <DialogContent placement="left" className="content-start">
        <DialogTitle asChild>
          <div>
            <Logo />
          </div>
        </DialogTitle>
        <DialogDescription className="sr-only">{label}</DialogDescription>
        <SidebarNav section={section} label={label} superAdmin={superAdmin} onNavigate={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
