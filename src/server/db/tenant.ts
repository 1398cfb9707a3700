import { Prisma, unsafeDb, unsafeQuery } from "./client";
import { WORKSPACE_MODELS } from "./workspace-models";

/**
 * The tenant-scoped client (`ctx.db`): one Prisma extension that
 * - adds `subAccountId` to every where (unique lookups included: another workspace's id reads as "not found"),
 * - stamps `subAccountId` on every create and refuses any attempt to change it,
 * - scopes nested connect / connectOrCreate / set / disconnect / update / delete / upsert on workspace relations
 *   (otherwise a nested connect could move another workspace's row into this one),
 * - refuses raw SQL and platform-private models, and makes platform catalogues read-only.
 * Composite foreign keys in the schema are the second wall: PostgreSQL refuses cross-workspace links anyway.
 */
export class TenantScopeError extends Error {
  constructor(message: string) {
    super(`Tenant scope: ${message}`);
    this.name = "TenantScopeError";
  }
}

/** Account and security tables: reached only through explicit unsafeDb services. */
const PLATFORM_PRIVATE_MODELS = new Set([
  "PlatformAdmin",
  "AdminAuthCode",
  "PasswordHistory",
  "AuthSession",
  "RefreshToken",
  "AccountToken",
  "LoginAttempt",
  "AccountLockout",
  "PlatformAiModel",
]);
/** Platform catalogues a workspace may read but never write. */
const CATALOGUE_MODELS = new Set(["PromptTemplate", "IntegrationTemplate", "ModelPrice"]);

const READ_OPS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
]);
const WHERE_OPS = new Set([
  ...READ_OPS,
  "update",
  "updateMany",
  "updateManyAndReturn",
  "delete",
  "deleteMany",
  "upsert",
]);

type DataModel = { models: Record<string, { fields: { name: string; kind: string; type: string }[] }> };
type Json = Record<string, unknown>;

/** model -> relation field -> target model, read once from the generated client. */
const relationTargets: Map<string, Map<string, string>> = (() => {
  const dataModel = (unsafeDb as unknown as { _runtimeDataModel: DataModel })._runtimeDataModel;
  const map = new Map<string, Map<string, string>>();
  for (const [model, { fields }] of Object.entries(dataModel.models)) {
    map.set(model, new Map(fields.filter((f) => f.kind === "object").map((f) => [f.name, f.type])));
  }
  return map;
})();

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const each = <T>(v: T | T[] | undefined, fn: (x: T) => void) => {
  if (Array.isArray(v)) v.forEach(fn);
  else if (v !== undefined) fn(v);
};

function scopeWhere(where: unknown, subAccountId: number): Json {
  return { ...(isObject(where) ? where : {}), subAccountId };
}

function refuseWorkspaceChange(model: string, data: unknown, subAccountId: number) {
  if (!isObject(data)) return;
  if ("subAccount" in data) throw new TenantScopeError(`${model}: the workspace relation cannot be written`);
  const value = data.subAccountId;
  if (value === undefined) return;
  if (isObject(value) || value !== subAccountId) {
    throw new TenantScopeError(`${model}: subAccountId cannot be changed`);
  }
}

/** Walks nested relation writes of `data` (for `model`) and scopes every lookup on a workspace model. */
function scopeNestedWrites(model: string, data: unknown, subAccountId: number) {
  if (!isObject(data)) return;
  const relations = relationTargets.get(model);
  if (!relations) return;
  for (const [field, value] of Object.entries(data)) {
    const target = relations.get(field);
    if (!target || !isObject(value)) continue;
    if (target === "SubAccount") throw new TenantScopeError(`${model}.${field}: the workspace relation cannot be written`);
    if (PLATFORM_PRIVATE_MODELS.has(target)) throw new TenantScopeError(`${model}.${field}: ${target} is not reachable from a workspace`);
    if (!WORKSPACE_MODELS.has(target as never)) {
      // Catalogue relations (e.g. a strategy's prompt template): connect/disconnect only, never write the catalogue.
      for (const op of Object.keys(value)) {
        if (!["connect", "disconnect"].includes(op)) throw new TenantScopeError(`${model}.${field}: ${target} is read-only here`);
      }
      continue;
    }
    const scopeUnique = (w: unknown) => (isObject(w) ? Object.assign(w, { subAccountId }) : w);
    for (const [op, arg] of Object.entries(value)) {
      switch (op) {
        case "connect":
        case "set":
          each(arg as Json | Json[], scopeUnique);
          break;
        case "disconnect":
        case "delete":
        case "deleteMany":
          each(arg as Json | Json[] | boolean, (x) => void scopeUnique(x));
          break;
        case "connectOrCreate":
          each(arg as Json | Json[], (x) => {
            scopeUnique(x.where);
            refuseWorkspaceChange(target, x.create, subAccountId);
            scopeNestedWrites(target, x.create, subAccountId);
          });
          break;
        case "create":
          each(arg as Json | Json[], (x) => {
            refuseWorkspaceChange(target, x, subAccountId);
            scopeNestedWrites(target, x, subAccountId);
          });
          break;
        case "createMany":
          each((arg as Json).data as Json | Json[], (x) => refuseWorkspaceChange(target, x, subAccountId));
          break;
        case "update":
        case "updateMany":
          each(arg as Json | Json[], (x) => {
            // To-many: { where, data }; to-one: the data itself (or { where, data }).
            const hasWhere = "where" in x && "data" in x;
            if (hasWhere) scopeUnique(x.where);
            const payload = hasWhere ? x.data : x;
            refuseWorkspaceChange(target, payload, subAccountId);
            scopeNestedWrites(target, payload, subAccountId);
          });
          break;
        case "upsert":
          each(arg as Json | Json[], (x) => {
            if (x.where) scopeUnique(x.where);
            refuseWorkspaceChange(target, x.create, subAccountId);
            refuseWorkspaceChange(target, x.update, subAccountId);
            scopeNestedWrites(target, x.create, subAccountId);
            scopeNestedWrites(target, x.update, subAccountId);
          });
          break;
        default:
          throw new TenantScopeError(`${model}.${field}: nested "${op}" is not supported by the tenant client`);
      }
    }
  }
}

function stampCreate(model: string, data: unknown, subAccountId: number): Json {
  refuseWorkspaceChange(model, data, subAccountId);
  scopeNestedWrites(model, data, subAccountId);
  return { ...(isObject(data) ? data : {}), subAccountId };
}

function refuseRaw(): never {
  throw new TenantScopeError("raw SQL is refused on the tenant client; write a service on unsafeDb and scope it yourself");
}

/**
 * Stands for the workspace id inside a `$queryWorkspace` builder; replaced by the real id when the query runs.
 * A query that never uses it is refused, so raw SQL through the tenant client cannot forget its workspace.
 */
const WORKSPACE_ID_MARKER = Object.freeze({ workspaceIdMarker: true });
const workspaceIdParam = new Prisma.Sql(["", ""], [WORKSPACE_ID_MARKER]);

function bindWorkspace(query: Prisma.Sql, subAccountId: number): Prisma.Sql {
  let uses = 0;
  const values = query.values.map((v) => (v === WORKSPACE_ID_MARKER ? (uses++, subAccountId) : v));
  if (uses === 0) throw new TenantScopeError("a workspace query must filter by the workspace id it is given");
  return new Prisma.Sql(query.strings, values);
}

function buildTenantDb(subAccountId: number) {
  return unsafeDb.$extends({
    name: `tenant-${subAccountId}`,
    client: {
      /**
       * Raw SQL inside this workspace: `build` receives the workspace id as a parameter and must filter every
       * workspace table by it (`l."subAccountId" = ${workspaceId}`, joins on `subAccountId` too). Runs on the
       * pool directly (`unsafeQuery`), so never inside a Prisma transaction (it takes its own connection); pg's
       * types, not Prisma's: cast enums to text, bigint and numeric come back as strings, json parsed, timestamps
       * as UTC Dates.
       */
      async $queryWorkspace<Row>(build: (workspaceId: Prisma.Sql) => Prisma.Sql): Promise<Row[]> {
        return unsafeQuery<Row>(bindWorkspace(build(workspaceIdParam), subAccountId));
      },
    },
    query: {
      $queryRaw: refuseRaw,
      $executeRaw: refuseRaw,
      $queryRawUnsafe: refuseRaw,
      $executeRawUnsafe: refuseRaw,
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const a = { ...(args as Json) };
          if (PLATFORM_PRIVATE_MODELS.has(model)) {
            throw new TenantScopeError(`${model} is not reachable from a workspace`);
          }
          if (CATALOGUE_MODELS.has(model)) {
            if (!READ_OPS.has(operation)) throw new TenantScopeError(`${model} is read-only inside a workspace`);
            return query(a);
          }
          if (model === "SubAccount") {
            if (!READ_OPS.has(operation) && operation !== "update") {
              throw new TenantScopeError(`SubAccount.${operation} is not allowed inside a workspace`);
            }
            a.where = { ...(isObject(a.where) ? a.where : {}), id: subAccountId };
            if (operation === "update") scopeNestedWrites(model, a.data, subAccountId);
            return query(a);
          }
          if (!WORKSPACE_MODELS.has(model as never)) {
            throw new TenantScopeError(`${model} is not declared as a workspace model`);
          }
          if (WHERE_OPS.has(operation)) a.where = scopeWhere(a.where, subAccountId);
          switch (operation) {
            case "create":
              a.data = stampCreate(model, a.data, subAccountId);
              break;
            case "createMany":
            case "createManyAndReturn":
              a.data = Array.isArray(a.data)
                ? a.data.map((d) => stampCreate(model, d, subAccountId))
                : stampCreate(model, a.data, subAccountId);
              break;
            case "upsert":
              a.create = stampCreate(model, a.create, subAccountId);
              refuseWorkspaceChange(model, a.update, subAccountId);
              scopeNestedWrites(model, a.update, subAccountId);
              break;
            case "update":
            case "updateMany":
            case "updateManyAndReturn":
              refuseWorkspaceChange(model, a.data, subAccountId);
              scopeNestedWrites(model, a.data, subAccountId);
              break;
          }
          return query(a);
        },
      },
    },
  });
}

export type TenantDb = ReturnType<typeof buildTenantDb>;

// One extended client per workspace, kept: building a new one per request slows the first query (STACK.md).
const MAX_CACHED = 1000;
const cache = new Map<number, TenantDb>();

export function tenantDb(subAccountId: number): TenantDb {
  if (!Number.isInteger(subAccountId) || subAccountId <= 0) {
    throw new TenantScopeError(`invalid workspace id ${String(subAccountId)}`);
  }
  let db = cache.get(subAccountId);
  if (db) {
    // Refresh recency so the map's insertion order stays least-recently-used first.
    cache.delete(subAccountId);
  } else {
    db = buildTenantDb(subAccountId);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as number);
  }
  cache.set(subAccountId, db);
  return db;
}

/** The scoped client inside `ctx.db.$transaction(async (tx) => ...)`: the same workspace scoping, one transaction. */
export type TenantTransaction = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];
