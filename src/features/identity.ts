/**
 * Identity: 绑定手机 links a phone number to the user (a code sent by SMS), so SMS and WeChat are
 * the same person. Installed only where a code can be sent (an SMS provider is configured).
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import { bindPhoneDialog, bindPhoneIntent, type CodeSender } from '../dialogs/identity.js';
import type { Services } from '../dialogs/types.js';

const optionsSchema = z.object({
  /** Sends the 6-digit code; false when it could not be sent. */
  sendCode: z.custom<CodeSender>((v) => typeof v === 'function', 'sendCode must be a function'),
});

export const identityFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'identity',
  options: optionsSchema,
  apply(ctx, options) {
    ctx.dialog(bindPhoneDialog(options.sendCode));
    ctx.intent(bindPhoneIntent);
  },
};
