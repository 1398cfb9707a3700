// Runs inside the piscina worker threads of src/server/auth/password.ts: bcrypt's CPU work happens here, off the
// event loop that serves requests. A plain .mjs loaded by path at run time, so Next's bundler never touches it.
import bcrypt from "bcryptjs";

// One task at a time per thread: the synchronous variants are the fastest and block only this thread.
export const hash = ({ password, cost }) => bcrypt.hashSync(password, cost);
export const compare = ({ password, hash }) => bcrypt.compareSync(password, hash);
