/**
 * Handoff (转人工): 人工/转人工/客服 anywhere (even inside a flow) and menu item 找人工 record a
 * request with the user's last question; staff list and close them under /api/admin/handoffs.
 */
import type { Feature } from '../bot/feature.js';
import { HANDOFF_WORDS, handoffDialog } from '../dialogs/handoff.js';
import type { Services } from '../dialogs/types.js';
import { handoffRoutes } from '../http/routes/handoffs.js';

export const handoffFeature: Feature<Services> = {
  name: 'handoff',
  apply(ctx) {
    ctx.dialog(handoffDialog);
    ctx.command({
      name: 'handoff',
      words: HANDOFF_WORDS,
      dialog: handoffDialog.id,
      args: (data) => ({ question: data.lastText ?? '' }),
    });
    ctx.menu({ key: 'human', label: '找人工', order: 50, dialog: handoffDialog.id });
    ctx.staffRoutes(handoffRoutes(ctx.services.db));
  },
};
