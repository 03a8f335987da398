/**
 * Handoff (转人工): 人工/转人工/客服 anywhere (even inside a flow) and menu item 找人工 record a
 * request with the user's last question (the policy dialog also records questions it could not
 * answer). Staff work them in the inbox under /api/admin/handoffs: claim, reply (sent to the
 * person on their channel by the notifier), save the answer to the knowledge base, close.
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import { HANDOFF_WORDS, handoffDialog } from '../dialogs/handoff.js';
import type { Services } from '../dialogs/types.js';
import { handoffRoutes } from '../http/routes/handoffs.js';
import type { Notifier } from '../notifications/notifier.js';
import { noticeTexts } from '../notifications/texts.js';

const optionsSchema = z
  .object({
    /** Sends staff replies (without it, replying answers 503). */
    notifier: z.custom<Notifier>((v) => typeof (v as Notifier | null)?.notify === 'function').optional(),
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
    const notifier = options.notifier;
    ctx.staffRoutes(
      handoffRoutes({
        db,
        now: () => clock.now(),
        ...(notifier ? { sendReply: (userId: number, text: string) => notifier.notify(userId, [{ text: noticeTexts.staffReply(text), personal: true }]) } : {}),
        qaSaved: async () => {
          await knowledge.reload?.();
        },
      }),
    );
  },
};
