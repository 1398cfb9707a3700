import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The app imports job files (to enqueue their jobs), and a job file holds its processor. A processor loads what it
 * needs with `await import(...)`, so the app's bundle never contains worker-only code. This walks the app's import
 * graph from its entries (everything under src/app, and src/proxy.ts) the way a bundler does: static imports and
 * re-exports, and dynamic imports too, except the lazy imports inside job files. Nothing of worker/ and none of the
 * modules a processor loads lazily may be reachable.
 */

const root = process.cwd();
const src = path.join(root, "src");
const jobsDir = path.join(src, "server/jobs");
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(src, specifier.slice(2));
  else if (specifier.startsWith("./") || specifier.startsWith("../")) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  return null;
}

/** The modules a file imports: `static` (imports, re-exports; type-only ones are erased) and `lazy` (import()). */
function importsOf(file: string): { static: string[]; lazy: string[] } {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found = { static: [] as string[], lazy: [] as string[] };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.static.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.static.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.lazy.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isJobFile = (file: string) => path.dirname(file) === jobsDir;

function appEntries(): string[] {
  const entries = [path.join(src, "proxy.ts")];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) entries.push(full);
    }
  };
  walk(path.join(src, "app"));
  return entries;
}

/** Every module the app can load, each with the chain of imports that reaches it. */
function appGraph(): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue = appEntries().map((file) => ({ file, chain: [file] }));
  while (queue.length > 0) {
    const { file, chain } = queue.shift()!;
    if (reached.has(file)) continue;
    reached.set(file, chain);
    const { static: eager, lazy } = importsOf(file);
    // A job file's lazy imports are its processor's: the worker's, not the app's.
    for (const specifier of isJobFile(file) ? eager : [...eager, ...lazy]) {
      const target = resolve(file, specifier);
      if (target && !reached.has(target)) queue.push({ file: target, chain: [...chain, target] });
    }
  }
  return reached;
}

function workerOnlyModules(): Set<string> {
  const modules = new Set<string>();
  for (const name of fs.readdirSync(jobsDir)) {
    const file = path.join(jobsDir, name);
    for (const specifier of importsOf(file).lazy) {
      const target = resolve(file, specifier);
      if (target) modules.add(target);
    }
  }
  return modules;
}

const relative = (file: string) => path.relative(root, file);

describe("the app never loads worker-only code", () => {
  const graph = appGraph();

  it("finds the app's server code and the job files in the graph (the walk works)", () => {
    expect(graph.has(path.join(src, "server/api/root.ts"))).toBe(true);
    expect(graph.has(path.join(jobsDir, "data-export.ts"))).toBe(true);
    expect(workerOnlyModules().size).toBeGreaterThan(5);
  });

  it("reaches no module a processor loads lazily, and nothing of worker/", () => {
    const workerDir = path.join(root, "worker") + path.sep;
    const leaks = [...workerOnlyModules()].filter((m) => graph.has(m));
    const workerFiles = [...graph.keys()].filter((f) => f.startsWith(workerDir));
    const explain = (m: string) => graph.get(m)!.map(relative).join(" -> ");
    expect([...leaks, ...workerFiles].map(explain)).toEqual([]);
  });
});
