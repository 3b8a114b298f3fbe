/** Internal to the contract (not exported by index.ts). */
import { z } from 'zod/mini';

/** A number that must be a (safe) integer: classic zod's `z.number().int()`, with the same issues. */
export const int = () => z.number().check(z.int());
