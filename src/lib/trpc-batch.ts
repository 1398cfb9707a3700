/** The most calls one tRPC batch request may carry: the client splits larger batches, the server refuses them (400). */
export const TRPC_MAX_BATCH_CALLS = 10;
