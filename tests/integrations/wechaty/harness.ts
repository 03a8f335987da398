/**
 * wechaty on wechaty-puppet-mock (Mocker) for tests: a logged-in bot account, a contact 张三,
 * a contact 李四 and a room 安定区培训群 with all three. `says`/`saysInRoom` inject messages
 * and resolve with what the bot sent back, once the adapter has finished.
 * (The mock's SimpleEnvironment is not used: it sends random messages every 5 s.)
 */
import { WechatyBuilder, types, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Bot } from '../../../src/bot/pipeline.js';
import { wechatyConfigSchema } from '../../../src/integrations/wechaty/config.js';
import { createWechatyChannel, type WechatyChannel } from '../../../src/integrations/wechaty/index.js';
import { silentLogger } from '../../../src/shared/logger.js';

type Emitter = { on(event: 'message', fn: (m: { payload: { text?: string; talkerId: string } }) => void): void };

/** Something a mock conversation received from the bot. */
export interface Sent {
  text: string;
}

export interface WechatyHarness {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  wechaty: Wechaty;
  channel: WechatyChannel;
  botUser: mock.ContactMock;
  user: mock.ContactMock;
  other: mock.ContactMock;
  room: mock.RoomMock;
  /** Texts the bot sent to each mock conversation (contact or room id), in order. */
  sentTo(id: string): string[];
  /** 张三 says `text` privately; resolves with the bot's new messages to 张三. */
  says(text: string, from?: mock.ContactMock): Promise<string[]>;
  /** `from` says `text` in the room (mentioning the bot when `mention`); resolves with new room messages. */
  saysInRoom(text: string, options?: { mention?: boolean; from?: mock.ContactMock }): Promise<string[]>;
  /** Emits an existing mock message id again (a redelivery) or a new one created by the test. */
  emit(messageId: string): Promise<void>;
  /** Creates and emits a private location message from 张三. */
  sharesLocation(location: { latitude: number; longitude: number; name?: string; address?: string }): Promise<string[]>;
  close(): Promise<void>;
}

export async function startWechatyHarness(bot: Bot, env: Record<string, string> = {}): Promise<WechatyHarness> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet });
  const { wechaty: config } = wechatyConfigSchema.parse({ WECHATY_PUPPET: 'wechaty-puppet-mock', ...env });
  const channel = createWechatyChannel({ config: config!, bot, log: silentLogger, wechaty });

  let inbound = 0;
  await channel.start();
  // Registered after the adapter's listener: when it fires, the adapter's job is already tracked.
  wechaty.on('message', (m) => {
    if (!m.self()) inbound++;
  });
  const botUser = mocker.createContact({ name: '技能助手' });
  const loggedIn = new Promise((resolve) => wechaty.once('login', resolve));
  mocker.login(botUser);
  await loggedIn;
  const user = mocker.createContact({ name: '张三' });
  const other = mocker.createContact({ name: '李四' });
  const room = mocker.createRoom({ topic: '安定区培训群', memberIdList: [botUser.id, user.id, other.id] });

  const sent = new Map<string, string[]>();
  const record = (conversationId: string) => (m: { payload: { text?: string; talkerId: string } }) => {
    if (m.payload.talkerId !== botUser.id) return;
    sent.set(conversationId, [...(sent.get(conversationId) ?? []), m.payload.text ?? '']);
  };
  for (const c of [user, other]) (c as unknown as Emitter).on('message', (m) => {
    // A contact mock hears its own messages too (as talker); keep only bot → contact in private.
    const payload = (m as unknown as { payload: { roomId?: string; listenerId?: string } }).payload;
    if (!payload.roomId && payload.listenerId === c.id) record(c.id)(m);
  });
  (room as unknown as Emitter).on('message', record(room.id));

  async function settle(before: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (inbound <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await channel.adapter.idle();
  }
  const sentTo = (id: string) => sent.get(id) ?? [];

  return {
    mocker,
    puppet,
    wechaty,
    channel,
    botUser,
    user,
    other,
    room,
    sentTo,
    async says(text, from = user) {
      const before = sentTo(from.id).length;
      const count = inbound;
      from.say(text).to(botUser);
      await settle(count);
      return sentTo(from.id).slice(before);
    },
    async saysInRoom(text, options = {}) {
      const from = options.from ?? user;
      const before = sentTo(room.id).length;
      const count = inbound;
      from.say(text, options.mention ? [botUser] : []).to(room);
      await settle(count);
      return sentTo(room.id).slice(before);
    },
    async emit(messageId) {
      const count = inbound;
      puppet.emit('message', { messageId });
      await settle(count);
    },
    async sharesLocation(location) {
      puppet.messageLocation = async () => ({ accuracy: 15, address: '', name: '', ...location });
      const before = sentTo(user.id).length;
      const msg = mocker.MessageMock.create({
        id: `loc-${Math.random().toString(36).slice(2)}`,
        type: types.Message.Location,
        talkerId: user.id,
        listenerId: botUser.id,
        timestamp: Date.now(),
        text: '',
      } as never);
      const count = inbound;
      puppet.emit('message', { messageId: msg.id });
      await settle(count);
      return sentTo(user.id).slice(before);
    },
    async close() {
      await channel.stop();
    },
  };
}
