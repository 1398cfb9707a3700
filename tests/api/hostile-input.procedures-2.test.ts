import { describeProcedureShard } from "../support/hostile-procedures";

// Procedures are split over shards that run as separate files, in parallel; see tests/support/hostile-procedures.ts.
describeProcedureShard(1, 2);
