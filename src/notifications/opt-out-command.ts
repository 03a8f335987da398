/**
 * Opt-out words on any channel (private chats only: "N" in a village group is chatter): one
 * confirmation reply, recorded for the person across all their channels (see opt-out.ts).
 * Runs before routing, so it works inside any flow too.
 */
import { commandForm } from '../bot/normalize.js';
import type { TurnMiddleware } from '../bot/pipeline.js';
import type { Db } from '../db/client.js';
import { OPT_IN_WORDS, OPT_OUT_ALL_WORDS, OPT_OUT_WORDS, optIn, optOut } from './opt-out.js';
import { replyTexts } from './texts.js';

export function optOutMiddleware(db: Db): TurnMiddleware {
  return async (turn, next) => {
    if (turn.conversationKey !== 'private') return next();
    const cmd = commandForm(turn.text);
    const { id } = turn.user;
    if (OPT_OUT_WORDS.has(cmd)) {
      await optOut(db, id, 'announcements', cmd.toUpperCase(), turn.msg.channel);
      turn.replies = [replyTexts.optedOut];
    } else if (OPT_OUT_ALL_WORDS.has(cmd)) {
      await optOut(db, id, 'all', cmd, turn.msg.channel);
      turn.replies = [replyTexts.optedOutAll];
    } else if (OPT_IN_WORDS.has(cmd)) {
      turn.replies = [(await optIn(db, id)) ? replyTexts.optedIn : replyTexts.notOptedOut];
    } else {
      return next();
    }
  };
}
