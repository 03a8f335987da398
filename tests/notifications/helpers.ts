/** Shared bits of the notification transcript tests. */
import type { TestApp } from '../helpers/fake-channel.js';

/** A chat user who said hello (so they exist), with their user id. */
export async function person(t: TestApp, id: string) {
  const u = t.chat.user(id);
  await u.says('你好');
  const { userId } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: id } });
  return { u, userId };
}
