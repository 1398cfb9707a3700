"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

interface NameAndDescription {
  name?: string;
  description?: string | null;
}

/** The name and description fields the create and edit dialogs share; `idPrefix` keeps their ids apart. */
export function WorkspaceFormFields<T extends NameAndDescription>({
  idPrefix,
  register,
  errors,
}: {
  idPrefix: string;
  register: UseFormRegister<T>;
  errors: FieldErrors<NameAndDescription>;
}) {
  const reg = register as unknown as UseFormRegister<NameAndDescription>;
  return (
    <>
      <FormField id={`${idPrefix}-name`} label="Workspace name" error={errors.name?.message}>
        <Input autoComplete="off" {...reg("name")} />
      </FormField>
      <FormField
        id={`${idPrefix}-description`}
        label={
          <>
            Description <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        error={errors.description?.message}
      >
        <Textarea rows={3} {...reg("description")} />
      </FormField>
    </>
  );
}
