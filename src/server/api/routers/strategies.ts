import {
  createStrategySchema,
  listStrategiesSchema,
  restoreStrategyVersionSchema,
  strategyIdSchema,
  strategyVersionsSchema,
  updateStrategySchema,
} from "@/schemas/strategies";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { createStrategy, duplicateStrategy } from "@/server/services/strategies/create-strategy";
import { deleteStrategy } from "@/server/services/strategies/delete-strategy";
import { getStrategy, listStrategies, listStrategyVersions } from "@/server/services/strategies/list-strategies";
import { setStrategyActive, updateStrategy } from "@/server/services/strategies/update-strategy";
import { restoreStrategyVersion } from "@/server/services/strategies/restore-strategy-version";


export const strategiesRouter = createTRPCRouter({
  list: workspaceProcedure.input(listStrategiesSchema).query(({ ctx, input }) => listStrategies(ctx, input)),
  get: workspaceProcedure.input(strategyIdSchema).query(({ ctx, input }) => getStrategy(ctx, input)),
  versions: workspaceProcedure.input(strategyVersionsSchema).query(({ ctx, input }) => listStrategyVersions(ctx, input)),
  create: managerProcedure.input(createStrategySchema).mutation(({ ctx, input }) => createStrategy(ctx, input)),
  update: managerProcedure.input(updateStrategySchema).mutation(({ ctx, input }) => updateStrategy(ctx, input)),
  restoreVersion: managerProcedure.input(restoreStrategyVersionSchema).mutation(({ ctx, input }) => restoreStrategyVersion(ctx, input)),
  duplicate: managerProcedure.input(strategyIdSchema).mutation(({ ctx, input }) => duplicateStrategy(ctx, input)),
  activate: managerProcedure.input(strategyIdSchema).mutation(({ ctx, input }) => setStrategyActive(ctx, input, true)),
  deactivate: managerProcedure.input(strategyIdSchema).mutation(({ ctx, input }) => setStrategyActive(ctx, input, false)),
  delete: managerProcedure.input(strategyIdSchema).mutation(({ ctx, input }) => deleteStrategy(ctx, input)),
});
