// After `next build` (npm's postbuild; the e2e server runs it too): Next's standalone output (.next/standalone, see
// README "Standalone") serves the browser's files only when they sit beside its server.js, as `next build` leaves them
// elsewhere. Copies .next/static and public there; a platform that serves them from a CDN needs neither.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const standalone = path.join(root, ".next", "standalone");
if (!fs.existsSync(path.join(standalone, "server.js"))) {
  console.error("No .next/standalone/server.js: run `next build` first (next.config.mjs sets output: \"standalone\").");
  process.exit(1);
}
for (const [from, to] of [
  [path.join(root, ".next", "static"), path.join(standalone, ".next", "static")],
  [path.join(root, "public"), path.join(standalone, "public")],
] as const) {
  fs.rmSync(to, { recursive: true, force: true });
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}
console.log("standalone output ready: node .next/standalone/server.js");
