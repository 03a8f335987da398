/**
 * "One numbered menu per turn, never two": counts the numbered blocks in the replies of one turn.
 * A numbered line starts with an option number ("1 问政策", "2、厨师") or offers one inline
 * ("回复1看原文", "回复8看更多"); consecutive numbered lines form one block (one plain line in
 * between, like the sample-data note, does not split it); a new message starts a new block.
 */
const NUMBERED_LINE = /^\s*\d{1,2}[ 　、.．]\S|回复\d+(?![～~\-至到])/u;

/** The numbered blocks of a turn's replies, each as its lines. */
export function numberedBlocks(replies: string[]): string[][] {
  const blocks: string[][] = [];
  for (const reply of replies) {
    let current: string[] | null = null;
    let gap = 0;
    for (const line of reply.split('\n')) {
      if (NUMBERED_LINE.test(line)) {
        if (!current) blocks.push((current = []));
        current.push(line);
        gap = 0;
      } else if (current && ++gap > 1) {
        current = null;
      }
    }
  }
  return blocks;
}

/** Throws when a turn's replies hold more than one numbered block. */
export function assertOneNumberedBlock(said: string, replies: string[]): void {
  const blocks = numberedBlocks(replies);
  if (blocks.length > 1) {
    throw new Error(`two numbered blocks in one turn (after "${said}"):\n${blocks.map((b) => b.join('\n')).join('\n---\n')}`);
  }
}
