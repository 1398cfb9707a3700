/**
 * How long the bench's model (bench/ai-model-server.ts) takes to answer a completion whose last user message is
 * `text`: a whole number of milliseconds in [minMs, maxMs], drawn from the text (FNV-1a), so the bench knows each
 * turn's model time without asking the server; 0 for a message starting with "[instant]".
 */
export function modelLatencyMs(text: string, minMs: number, maxMs: number): number {
  if (text.startsWith("[instant]")) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return minMs + (hash % (maxMs - minMs + 1));
}
