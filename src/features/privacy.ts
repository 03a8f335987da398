/**
 * Privacy (PIPL): 删除我的信息 / 注销 anywhere in a private chat (one confirmation, then the
 * pending sign-ups are cancelled and the person's data erased, src/dialogs/privacy.ts); the staff
 * export of one person's data (GET /api/admin/people/:userId/export); and the daily retention
 * job that deletes old conversation text (src/privacy/retention.ts).
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import { ERASE_DIALOG, ERASE_WORDS, eraseDialog } from '../dialogs/privacy.js';
import type { Services } from '../dialogs/types.js';
import { privacyRoutes } from '../http/routes/privacy.js';
import { DEFAULT_RETENTION, pruneConversationData } from '../privacy/index.js';

/** Every day at 03:30 China time. */
export const RETENTION_CRON = '0 30 3 * * *';

const optionsSchema = z.object({
  retention: z
    .object({ messageDays: z.number().int().min(1), dedupeDays: z.number().int().min(1), stateDays: z.number().int().min(1) })
    .optional(),
});


export const privacyFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'privacy',
  options: optionsSchema,
  apply(ctx, options) {
    const { db, clock, log } = ctx.services;
    const retention = options.retention ?? DEFAULT_RETENTION;
    ctx.dialog(eraseDialog);
    ctx.command({ name: 'erase-my-data', words: ERASE_WORDS, dialog: ERASE_DIALOG });
    ctx.staffRoutes(privacyRoutes({ db, clock, log }));
    ctx.job({
      name: 'retention',
      cron: RETENTION_CRON,
      run: async () => {
        const pruned = await pruneConversationData(db, clock.now(), retention);
        log.info({ ...pruned, policy: retention }, 'retention: old conversation data deleted');
        return pruned;
      },
    });
  },
};
