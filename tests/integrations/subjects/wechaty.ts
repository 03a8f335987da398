/** Contract subject: the wechaty channel on wechaty-puppet-mock (no signatures: the puppet is trusted). */
import { readFileSync } from 'node:fs';
import { types } from 'wechaty';
import type { Bot } from '../../../src/bot/pipeline.js';
import { startWechatyHarness, type WechatyHarness } from '../wechaty/harness.js';
import type { ChannelSubject, RawFixture } from './types.js';

/** A tests/fixtures/wechaty/*.json payload: what a mock contact does. */
export interface WechatyRaw {
  from: string;
  text?: string;
  location?: { latitude: number; longitude: number; name?: string };
  room?: string;
  mention?: boolean;
}

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/wechaty/${name}.json`, import.meta.url), 'utf8')) as WechatyRaw;

let h: WechatyHarness | null = null;
/** Message ids by payload, so delivering the same raw twice is a redelivery. */
let ids = new Map<string, string>();
let counter = 0;
const harness = () => {
  if (!h) throw new Error('wechaty subject: setup() first');
  return h;
};

const text = load('text');
const location = load('location');

export const subject: ChannelSubject<WechatyRaw> = {
  name: 'wechaty',
  get fixtures() {
    const expectUser = h ? { channelUserId: h.user.id } : {};
    return {
      text: { raw: text, expect: { channel: 'wechaty', ...expectUser, text: text.text! } } satisfies RawFixture<WechatyRaw>,
      location: {
        raw: location,
        expect: { ...expectUser, location: { lat: 36.061089, lng: 103.834304, label: '兰州市城关区东岗西路' } },
      } satisfies RawFixture<WechatyRaw>,
    };
  },
  get userId() {
    return harness().other.id;
  },
  async setup(bot: Bot) {
    h = await startWechatyHarness(bot);
    ids = new Map();
    return h.channel.adapter;
  },
  async teardown() {
    await h?.close();
    h = null;
  },
  async deliver(raw) {
    const t = harness();
    const from = raw.from === '李四' ? t.other : t.user;
    const conversation = raw.room ? t.room.id : from.id;
    const before = t.sentTo(conversation).length;
    const key = JSON.stringify(raw);
    const known = ids.get(key);
    if (known) {
      await t.emit(known); // a redelivery of the same message id
    } else {
      const id = `fixture-${++counter}`;
      ids.set(key, id);
      if (raw.location) {
        t.puppet.messageLocation = async () => ({ accuracy: 15, address: '', name: '', ...raw.location! });
      }
      t.mocker.MessageMock.create({
        id,
        talkerId: from.id,
        timestamp: Date.now(),
        type: raw.location ? types.Message.Location : types.Message.Text,
        text: raw.text ?? '',
        ...(raw.room ? { roomId: t.room.id, mentionIdList: raw.mention ? [t.botUser.id] : [] } : { listenerId: t.botUser.id }),
      } as never);
      await t.emit(id);
    }
    return t.sentTo(conversation).slice(before);
  },
  async send(userId, text) {
    const t = harness();
    const before = t.sentTo(userId).length;
    await t.channel.adapter.push(userId, [{ text }]);
    return t.sentTo(userId).slice(before);
  },
};
