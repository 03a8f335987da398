/**
 * The labelled NLU data (data/nlu/*.jsonl), read and validated with zod. `corpus.jsonl` trains the
 * classifier; `heldout.jsonl` is only ever evaluated on (see data/nlu/README.md).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { INTENTS } from '../bot/understanding.js';

export const exampleSchema = z.object({
  id: z.string().optional(),
  text: z.string().min(1),
  intent: z.enum(INTENTS),
  entities: z.object({ place: z.string().optional(), trade: z.string().optional(), group: z.string().optional() }).partial().optional(),
});
export type Example = z.infer<typeof exampleSchema>;

/** The training corpus shipped with the code. */
export const CORPUS_PATH = new URL('../../data/nlu/corpus.jsonl', import.meta.url).pathname;

/** Reads a JSONL file of examples; a bad line throws with its line number. */
export function readExamples(path: string): Example[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line)
    .map(([line, n]) => {
      const parsed = exampleSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${n}: ${parsed.error.issues[0]?.message ?? 'invalid example'}`);
      return parsed.data;
    });
}
