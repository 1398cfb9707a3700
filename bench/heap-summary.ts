// `tsx bench/heap-summary.ts <file.heapsnapshot>`: what a V8 heap snapshot holds, by kind and constructor (shallow
// sizes), largest first. Take one from the soak's server with SOAK_NODE_OPTIONS="--heapsnapshot-signal=SIGUSR2 ..."
// and `kill -USR2 <server pid>` (the file lands in the server's working directory).
import fs from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/heap-summary.ts <file.heapsnapshot>");
const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
const totals = new Map<string, { bytes: number; count: number }>();
let all = 0;
for (let i = 0; i < snap.nodes.length; i += fields.length) {
  const type = types[snap.nodes[i + typeAt]!]!;
  const size = snap.nodes[i + sizeAt]!;
  // Objects by constructor; strings, code, arrays and the rest by kind.
  const key = type === "object" || type === "native" ? `${type} ${snap.strings[snap.nodes[i + nameAt]!]}` : type;
  const entry = totals.get(key) ?? { bytes: 0, count: 0 };
  entry.bytes += size;
  entry.count += 1;
  totals.set(key, entry);
  all += size;
}
console.log(`${(all / 1048576).toFixed(1)} MiB in ${snap.nodes.length / fields.length} nodes`);
for (const [key, { bytes, count }] of [...totals].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25)) {
  console.log(`${(bytes / 1048576).toFixed(1).padStart(8)} MiB ${String(count).padStart(9)}  ${key.slice(0, 100)}`);
}
