/**
 * Field helpers shared by every config fragment (src/app/config.ts and the channel/LLM fragments).
 * Kept apart from src/app/config.ts, which imports the fragments.
 */
import { z } from 'zod';

/** An optional string variable; "" (e.g. `FOO=` in a shell) counts as unset; trimmed. */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
