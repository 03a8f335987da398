/**
 * Handoff (转人工): 人工/转人工/客服 anywhere (even inside a flow) and menu item 找人工 record a
 * request with the user's last question (the policy dialog also records questions it could not
 * answer). Staff work them in the inbox under /api/admin/handoffs: claim, reply (queued on the
 * outbound queue as a transactional message: the sender delivers it on the person's best channel
 * within seconds, retries, and records the outcome), save the answer to the knowledge base, close.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import { HANDOFF_WORDS, handoffDialog } from '../dialogs/handoff.js';
import type { Services } from '../dialogs/types.js';
import { handoffRoutes } from '../http/routes/handoffs.js';
import type { OutboundQueue } from '../bot/ports.js';
import { noticeTexts } from '../notifications/texts.js';

const optionsSchema = z
  .object({
    /** The outbound queue staff replies go through (without it, replying answers 503). */
    queue: z.custom<OutboundQueue>((v) => typeof (v as OutboundQueue | null)?.enqueue === 'function').optional(),
  })
  .default({});

export const handoffFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'handoff',
  options: optionsSchema,
  apply(ctx, options) {
    ctx.dialog(handoffDialog);
    ctx.command({
      name: 'handoff',
      words: HANDOFF_WORDS,
      dialog: handoffDialog.id,
      args: (data) => ({ question: data.lastText ?? '' }),
    });
    ctx.menu({ key: 'human', label: '找人工', order: 50, dialog: handoffDialog.id });
    const { db, clock, knowledge } = ctx.services;
    const queue = options.queue;
    ctx.staffRoutes(
      handoffRoutes({
        db,
        now: () => clock.now(),
        ...(queue
          ? {
              async sendReply(userId: number, text: string, handoffId: number) {
                const now = clock.now();
                // One key per request and answer: a double click queues it once, a second answer is sent.
                const key = `handoff-reply:${handoffId}:${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
                const body = noticeTexts.staffReply(text);
                const queued = await queue.enqueue([{ userId, kind: 'handoff-reply', priority: 'transactional', body, notBefore: now, idempotencyKey: key }]);
                return { queued: queued === 1 };
              },
            }
          : {}),
        qaSaved: async () => {
          await knowledge.reload?.();
        },
      }),
    );
  },
};
