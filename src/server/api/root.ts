import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { authRouter } from "@/server/api/routers/auth";
import { externalRouter } from "@/server/api/routers/external";
import { workspaceRouter } from "@/server/api/routers/workspace";
import { platformRouter } from "@/server/api/routers/platform";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  platform: platformRouter,
  external: externalRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
