/**
 * The terminal channel (`npm run chat`, src/bin/chat.ts): replies are printed, nothing is pushed
 * later, long replies fit a terminal.
 */
import type { ChannelAdapter } from '../../bot/message.js';

export const CLI_CHANNEL: ChannelAdapter = {
  name: 'cli',
  capabilities: { maxTextLength: 2000, maxSegments: 5, supportsLocation: false, canPush: false },
};
