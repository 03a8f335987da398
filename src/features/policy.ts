/**
 * Policy Q&A: menu item 问政策, the fallback for any text no other feature matched (a question
 * in the user's own words), and POST /api/ask.
 */
import type { DialogInput } from '../bot/dialog.js';
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
    const asked = (input: DialogInput) => ({ question: input.raw ?? input.text });
    ctx.fallback(askPolicyDialog.id, asked);
    // Policy questions and questions for other offices (wages owed, pensions: the referral) come here
    // even when their words look like a course request ("打工回来…").
    ctx.intent({ dialog: askPolicyDialog.id, serves: ['policy_question', 'other_service'], match: () => null, args: asked });
    ctx.routes(askRoutes(ctx.services.knowledge));
  },
};
