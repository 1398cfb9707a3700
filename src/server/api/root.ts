import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { authRouter } from "@/server/api/routers/auth";
import { externalRouter } from "@/server/api/routers/external";
import { workspaceRouter } from "@/server/api/routers/workspace";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  external: externalRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
