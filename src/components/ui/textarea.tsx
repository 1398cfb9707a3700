import * as React from "react";

import { cn } from "@/lib/utils";
import { controlClasses } from "./input";

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(controlClasses, "min-h-20 py-2", className)} {...props} />;
}
