import "server-only";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { makeQueryClient } from "./query-client";

/** For server components: the same procedures, called in-process with the request's cookies. */
const createRequestContext = cache(async () => {
  const h = new Headers(await headers());
  h.set("x-trpc-source", "rsc");
  return createContext({ headers: h });
});

export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  ctx: createRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

export const serverCaller = async () => appRouter.createCaller(await createRequestContext());
