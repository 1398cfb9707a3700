import path from "node:path";

/**
 * Client code must not pull src/server/** (or the generated Prisma client) into the browser bundle.
 * A file is client code when its first statement is the "use client" directive, or when it lives under
 * one of `clientDirs` (relative to the ESLint working directory). Type-only imports are allowed: they
 * are erased at build time (the tRPC client needs `import type { AppRouter }`).
 *
 * The generated-Prisma ban lives here too, not only in `no-restricted-imports`: a flat config can select
 * files by path but not by their "use client" directive.
 */
const DEFAULT_CLIENT_DIRS = ["src/components", "src/features"];

function toPosix(p) {
  return p.split(path.sep).join("/");
}

function isUseClient(program) {
  const first = program.body[0];
  return (
    first?.type === "ExpressionStatement" &&
    first.expression.type === "Literal" &&
    first.expression.value === "use client"
  );
}

function isTypeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return (
    node.type === "ImportDeclaration" &&
    specifiers.length > 0 &&
    specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type")
  );
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Forbid importing server-only code (src/server/**, generated Prisma) from client code" },
    schema: [
      {
        type: "object",
        properties: { clientDirs: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
    ],
    messages: {
      serverImport: "Client code cannot import src/server/** (server-only code)",
      generatedImport: "Client code cannot import the generated Prisma client (@/generated/prisma*)",
    },
  },
  create(context) {
    const cwd = context.cwd;
    const filename = context.filename;
    const clientDirs = (context.options[0]?.clientDirs ?? DEFAULT_CLIENT_DIRS).map((d) =>
      toPosix(path.resolve(cwd, d)),
    );
    const serverDir = toPosix(path.resolve(cwd, "src/server"));
    const generatedDir = toPosix(path.resolve(cwd, "src/generated/prisma"));
    const absoluteFile = toPosix(path.resolve(cwd, filename));
    const inClientDir = clientDirs.some((dir) => absoluteFile.startsWith(`${dir}/`));

    const within = (target, dir) => target === dir || target.startsWith(`${dir}/`);

    function classify(source) {
      if (source === "@/server" || source.startsWith("@/server/")) return "serverImport";
      if (source.startsWith("@/generated/prisma")) return "generatedImport";
      if (source.startsWith("./") || source.startsWith("../")) {
        const target = toPosix(path.resolve(path.dirname(absoluteFile), source));
        if (within(target, serverDir)) return "serverImport";
        if (target.startsWith(generatedDir)) return "generatedImport";
      }
      return undefined;
    }

    let isClient = inClientDir;

    function check(node, sourceNode) {
      if (!isClient || !sourceNode || sourceNode.type !== "Literal" || typeof sourceNode.value !== "string") return;
      if (isTypeOnly(node)) return;
      const messageId = classify(sourceNode.value);
      if (messageId) context.report({ node: sourceNode, messageId });
    }

    return {
      Program(program) {
        isClient = inClientDir || isUseClient(program);
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default rule;
