"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ZonedTime } from "@/features/crm/viewer-zone";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
type Fields = { model: string; inputPerMillion: string; outputPerMillion: string };
const EMPTY: Fields = { model: "", inputPerMillion: "", outputPerMillion: "" };

/** The platform's price table: US dollars per million tokens in and out, per model name, for the usage pages' estimates. */
export function ModelPrices() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prices = useQuery(trpc.platform.usage.prices.queryOptions());
  const save = useMutation(trpc.platform.usage.savePrice.mutationOptions());
  const remove = useMutation(trpc.platform.usage.deletePrice.mutationOptions());
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Fields | "form", string>>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.platform.usage.prices.queryKey() });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    const number = (key: "inputPerMillion" | "outputPerMillion") => {
      const raw = fields[key].replace(/^\$/, "").trim();
      if (!/^\d+(\.\d{1,4})?$/.test(raw)) found[key] = "Enter dollars per million tokens, like 0.15 (at most 4 decimals).";
      return Number(raw);
    };
    const input = { model: fields.model.trim(), inputPerMillion: number("inputPerMillion"), outputPerMillion: number("outputPerMillion") };
    if (!input.model) found.model = "Enter the model's name as the provider spells it.";
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      await save.mutateAsync(input);
    } catch (error) {
      const fieldErrors = error instanceof TRPCClientError ? ((error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {}) : {};
      setErrors({ model: fieldErrors.model?.[0], inputPerMillion: fieldErrors.inputPerMillion?.[0], outputPerMillion: fieldErrors.outputPerMillion?.[0], form: (error as Error).message });
      return;
    }
    setFields(EMPTY);
    await refresh();
  }

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Add or change a price</CardTitle>
          <CardDescription>Saving a model that is already listed changes its price. Usage pages estimate cost with these; a model without a price shows no cost.</CardDescription>
        </CardHeader>
        <CardContent>
          <form noValidate onSubmit={(e) => void onSubmit(e)} className="grid gap-4 md:grid-cols-[2fr_1fr_1fr_auto] md:items-start">
            <FormField id="price-model" label="Model" hint="As the AI provider names it, e.g. gpt-4o-mini" error={errors.model}>
              <Input value={fields.model} onChange={(e) => setFields((f) => ({ ...f, model: e.target.value }))} />
            </FormField>
            <FormField id="price-input" label="Tokens in ($ per million)" error={errors.inputPerMillion}>
              <Input inputMode="decimal" value={fields.inputPerMillion} onChange={(e) => setFields((f) => ({ ...f, inputPerMillion: e.target.value }))} />
            </FormField>
            <FormField id="price-output" label="Tokens out ($ per million)" error={errors.outputPerMillion}>
              <Input inputMode="decimal" value={fields.outputPerMillion} onChange={(e) => setFields((f) => ({ ...f, outputPerMillion: e.target.value }))} />
            </FormField>
            <div className="md:pt-7">
              <SubmitButton pending={save.isPending}>Save price</SubmitButton>
            </div>
          </form>
          <FormError message={errors.form} />
        </CardContent>
      </Card>

      <Table>
        <TableCaption>Prices in US dollars per million tokens</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Model</TableHead>
            <TableHead className="text-right">Tokens in</TableHead>
            <TableHead className="text-right">Tokens out</TableHead>
            <TableHead>Changed</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {prices.isPending ? (
            <TableSkeletonRows columns={5} label="Loading prices" />
          ) : prices.isError ? (
            <TableMessageRow columns={5} tone="error">
              Prices could not be loaded: {prices.error.message}
            </TableMessageRow>
          ) : prices.data.length === 0 ? (
            <TableMessageRow columns={5}>No prices yet: usage pages show tokens without a cost.</TableMessageRow>
          ) : (
            prices.data.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-medium">{p.model}</TableCell>
                <TableCell className="text-right tabular-nums">{usd.format(p.inputPerMillion)}</TableCell>
                <TableCell className="text-right tabular-nums">{usd.format(p.outputPerMillion)}</TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <ZonedTime value={p.updatedAt} display="date" />
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setFields({ model: p.model, inputPerMillion: String(p.inputPerMillion), outputPerMillion: String(p.outputPerMillion) })}
                      aria-label={`Change the price of ${p.model}`}
                    >
                      Change
                    </Button>
                    <ConfirmButton
                      label="Remove"
                      ariaLabel={`Remove the price of ${p.model}`}
                      title={`Remove the price of ${p.model}?`}
                      description="Usage pages then show this model's tokens without a cost."
                      confirmLabel="Remove price"
                      onConfirm={async () => {
                        await remove.mutateAsync({ id: p.id });
                        await refresh();
                      }}
                    />
                  </div>
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
