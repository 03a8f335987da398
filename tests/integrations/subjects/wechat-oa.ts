/** Contract subject: the WeChat Official Account channel (signed XML over HTTP, fake WeChat API). */
import type { Bot } from '../../../src/bot/pipeline.js';
import { fixture, OA_USER, startOaHarness, type OaHarness } from '../wechat-oa/harness.js';
import type { ChannelSubject } from './types.js';

let h: OaHarness | null = null;
const harness = () => {
  if (!h) throw new Error('wechat-oa subject: setup() first');
  return h;
};

export const subject: ChannelSubject<string> = {
  name: 'wechat-oa',
  fixtures: {
    text: {
      raw: fixture('text'),
      expect: { channel: 'wechat-oa', channelUserId: OA_USER, messageId: '24412345678901234', text: '残疾人能参加培训吗？' },
    },
    location: {
      raw: fixture('location'),
      expect: { channelUserId: OA_USER, location: { lat: 36.061089, lng: 103.834304, label: '甘肃省兰州市城关区东岗西路' } },
    },
  },
  async setup(bot: Bot) {
    h = await startOaHarness({ bot });
    return h.channel.adapter;
  },
  async teardown() {
    await h?.close();
    h = null;
  },
  async deliver(raw) {
    const t = harness();
    const before = t.api.texts(OA_USER).length;
    const res = await t.post(raw);
    if (res.status !== 200) throw new Error(`wechat-oa: HTTP ${res.status} ${res.body}`);
    await t.channel.idle();
    return [...(res.reply !== null ? [res.reply] : []), ...t.api.texts(OA_USER).slice(before)];
  },
  async send(userId, text) {
    const t = harness();
    // The user wrote recently (the 48 h customer-service window is open).
    await t.db.channelIdentity.upsert({
      where: { channel_channelUserId: { channel: 'wechat-oa', channelUserId: userId } },
      update: { lastInboundAt: t.clock.now() },
      create: { channel: 'wechat-oa', channelUserId: userId, lastInboundAt: t.clock.now(), user: { create: {} } },
    });
    const before = t.api.texts(userId).length;
    await t.channel.adapter.push(userId, [{ text }]);
    return t.api.texts(userId).slice(before);
  },
  async badSignature(raw) {
    const plain = await harness().post(raw, { badSignature: true });
    const safe = await harness().post(raw, { badSignature: true, mode: 'aes' });
    return [401, 403].includes(plain.status) && [401, 403].includes(safe.status);
  },
};
