/**
 * Policy Q&A: menu item 问政策, the fallback for any text no other feature matched (a question
 * in the user's own words), and POST /api/ask.
 */
import type { Feature } from '../bot/feature.js';
import { askPolicyDialog } from '../dialogs/policy.js';
import type { Services } from '../dialogs/types.js';
import { askRoutes } from '../http/routes/ask.js';

export const policyFeature: Feature<Services> = {
  name: 'policy',
  apply(ctx) {
    ctx.dialog(askPolicyDialog);
    ctx.menu({ key: 'policy', label: '问政策', order: 10, dialog: askPolicyDialog.id });
    // The question as typed (staff see it in the inbox when the bot abstains; the knowledge base normalizes it itself).
    ctx.fallback(askPolicyDialog.id, (input) => ({ question: input.raw ?? input.text }));
    ctx.routes(askRoutes(ctx.services.knowledge));
  },
};
