/**
 * Splits long text into messages that fit a channel, at sentence boundaries where possible
 * (then at commas, then hard). Used by adapters for their platform limits.
 */
const SENTENCE_END = /[。！？!?；;\n]/;
const SOFT_BREAK = /[，,、：:）)]/;

/** Where to cut `chars` (code points) so the head is at most `max` long. */
function cutPoint(chars: string[], max: number): number {
  for (const re of [SENTENCE_END, SOFT_BREAK]) {
    for (let i = max - 1; i >= Math.floor(max * 0.4); i--) {
      if (re.test(chars[i]!)) return i + 1;
    }
  }
  return max;
}

/** Splits `text` into chunks of at most `max` characters (code points). */
export function splitText(text: string, max: number): string[] {
  if (max <= 0) throw new Error('max must be positive');
  const chunks: string[] = [];
  let rest = [...text.trim()];
  while (rest.length > max) {
    const n = cutPoint(rest, max);
    chunks.push(rest.slice(0, n).join('').trim());
    rest = rest.slice(n);
    while (rest[0] === '\n' || rest[0] === ' ') rest.shift();
  }
  if (rest.length) chunks.push(rest.join('').trim());
  return chunks.filter((c) => c.length > 0);
}
