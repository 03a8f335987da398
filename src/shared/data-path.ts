/** Paths of the data shipped with the project (the top-level `data/` folder). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dataRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** `dataPath('policy', 'synonyms.txt')` → <project>/data/policy/synonyms.txt */
export function dataPath(...parts: string[]): string {
  return path.join(dataRoot, ...parts);
}
