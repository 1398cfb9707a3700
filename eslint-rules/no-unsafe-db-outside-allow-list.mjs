import path from "node:path";

/**
 * The unscoped database helpers (`unsafeDb`, `unsafeQuery`, `unsafeTransaction` and their types, everything named
 * `unsafe…` that `src/server/db/client.ts` exports) and raw `Prisma.TransactionClient`s bypass workspace scoping.
 * Only the files and folders of the `allow` option (paths relative to the ESLint working directory; a trailing "/"
 * means a folder) may use them: everywhere else, code works through `ctx.db` (or `ctx.db.$queryWorkspace`), and a
 * transaction is `ctx.db.$transaction`, whose client is scoped too.
 *
 * What is checked: static imports and re-exports of an `unsafe…` name from the db client, `import *` of it,
 * `await import(...)` of it (destructured or read by name), and any reference to `Prisma.TransactionClient` or an
 * imported `TransactionClient`.
 */

function toPosix(p) {
  return p.split(path.sep).join("/");
}

const isUnsafeName = (name) => typeof name === "string" && /^unsafe/i.test(name);

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Allow the unscoped database helpers (unsafe…, Prisma.TransactionClient) only in an allow-list" },
    schema: [
      {
        type: "object",
        properties: { allow: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
    ],
    messages: {
      unsafeImport:
        "`{{name}}` is unscoped: use ctx.db (or ctx.db.$queryWorkspace) here, or add this file to the allow-list in eslint.config.mjs with the reason",
      renamed: "Keep the name `{{name}}` (imported as `{{local}}`): every escape hatch stays findable by grepping `unsafe`",
      namespaceImport: "Import the db client's names one by one: its `unsafe…` helpers are only allowed in the allow-list",
      transactionClient:
        "A raw Prisma.TransactionClient is unscoped: take ctx and use ctx.db.$transaction, or add this file to the allow-list in eslint.config.mjs with the reason",
    },
  },
  create(context) {
    const cwd = context.cwd;
    const absoluteFile = toPosix(path.resolve(cwd, context.filename));
    const allowed = (context.options[0]?.allow ?? []).some((entry) => {
      const target = toPosix(path.resolve(cwd, entry));
      return entry.endsWith("/") ? absoluteFile.startsWith(`${target}/`) : absoluteFile === target;
    });

    const dbClient = toPosix(path.resolve(cwd, "src/server/db/client"));
    const isDbClient = (source) => {
      if (typeof source !== "string") return false;
      if (source === "@/server/db/client" || source === "@/server/db/client.ts") return true;
      if (source.startsWith("./") || source.startsWith("../")) {
        const target = toPosix(path.resolve(path.dirname(absoluteFile), source)).replace(/\.ts$/, "");
        return target === dbClient;
      }
      return false;
    };

    // Inside the allow-list only the rename check applies.
    const report = (node, name, local) => {
      if (local !== undefined && !isUnsafeName(local)) context.report({ node, messageId: "renamed", data: { name, local } });
      else if (!allowed) context.report({ node, messageId: "unsafeImport", data: { name } });
    };

    function checkSpecifiers(node) {
      if (!isDbClient(node.source?.value)) return;
      for (const specifier of node.specifiers ?? []) {
        if (specifier.type === "ImportNamespaceSpecifier" && !allowed) context.report({ node: specifier, messageId: "namespaceImport" });
        const imported = specifier.type === "ImportSpecifier" ? specifier.imported : specifier.type === "ExportSpecifier" ? specifier.local : null;
        const local = specifier.type === "ImportSpecifier" ? specifier.local : specifier.type === "ExportSpecifier" ? specifier.exported : null;
        const name = imported?.name ?? imported?.value;
        if (isUnsafeName(name)) report(specifier, name, local?.name ?? local?.value);
      }
    }

    return {
      ImportDeclaration: checkSpecifiers,
      ExportNamedDeclaration: checkSpecifiers,
      ExportAllDeclaration(node) {
        if (isDbClient(node.source?.value) && !allowed) context.report({ node, messageId: "namespaceImport" });
      },
      ImportExpression(node) {
        if (node.source.type !== "Literal" || !isDbClient(node.source.value)) return;
        // `const { unsafeDb } = await import(...)` or `(await import(...)).unsafeDb`
        const awaited = node.parent?.type === "AwaitExpression" ? node.parent : node;
        const holder = awaited.parent;
        if (holder?.type === "VariableDeclarator" && holder.id.type === "ObjectPattern") {
          for (const property of holder.id.properties) {
            const name = property.type === "Property" ? (property.key.name ?? property.key.value) : undefined;
            const local = property.type === "Property" && property.value.type === "Identifier" ? property.value.name : undefined;
            if (isUnsafeName(name)) report(property, name, local);
          }
        } else if (holder?.type === "MemberExpression" && holder.object === awaited) {
          const name = holder.property.name ?? holder.property.value;
          if (isUnsafeName(name)) report(holder, name);
        } else if (!allowed) {
          context.report({ node, messageId: "namespaceImport" });
        }
      },
      TSQualifiedName(node) {
        if (!allowed && node.left.type === "Identifier" && node.left.name === "Prisma" && node.right.name === "TransactionClient") {
          context.report({ node, messageId: "transactionClient" });
        }
      },
      ImportSpecifier(node) {
        const name = node.imported.name ?? node.imported.value;
        if (!allowed && name === "TransactionClient") context.report({ node, messageId: "transactionClient" });
      },
    };
  },
};

export default rule;
