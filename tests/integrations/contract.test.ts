/**
 * The channel contract, run against every adapter: each tests/integrations/subjects/*.ts (other
 * than types.ts) exports a `subject` (see subjects/types.ts). Adding a channel = adding a subject
 * file; this file does not change.
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../src/bot/message.js';
import { createContractBot, type ChannelSubject, type ContractBot } from './subjects/types.js';

const SUBJECTS_DIR = new URL('./subjects/', import.meta.url);
const files = readdirSync(SUBJECTS_DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts' && !f.startsWith('_'))
  .sort();
const subjects: ChannelSubject[] = [];
for (const file of files) {
  const mod = (await import(new URL(file, SUBJECTS_DIR).href)) as { subject?: ChannelSubject };
  if (!mod.subject) throw new Error(`tests/integrations/subjects/${file} must export a "subject"`);
  subjects.push(mod.subject);
}

/** Sentences of 12 characters; the reply is about 2.5 × the channel's limit. */
function longReply(max: number): string {
  const sentence = '培训补贴按证书等级发放。';
  return sentence.repeat(Math.ceil((max * 2.5) / sentence.length));
}

it('finds the channel subjects', () => {
  expect(subjects.map((s) => s.name)).toEqual(expect.arrayContaining(['wechat-oa', 'wechaty']));
});

for (const subject of subjects) {
  describe.skipIf(subject.skip !== undefined)(`channel contract: ${subject.name}${subject.skip ? ` (skipped: ${subject.skip})` : ''}`, () => {
    let bot: ContractBot;
    let adapter: ChannelAdapter;

    beforeEach(async () => {
      bot = createContractBot();
      adapter = await subject.setup(bot);
    });
    afterEach(() => subject.teardown());

    it('adapter name is the channel name', () => {
      expect(adapter.name).toBe(subject.name);
    });

    it('parse: a text message reaches the bot; the reply reaches the user', async () => {
      const { raw, expect: expected } = subject.fixtures.text;
      const replies = await subject.deliver(raw);
      expect(bot.turns).toHaveLength(1);
      expect(bot.turns[0]).toMatchObject({ channel: subject.name, ...expected });
      expect(bot.turns[0]!.messageId).toBeTruthy();
      expect(replies.join('\n')).toContain(`收到：${expected.text}`);
    });

    it('parse: a location message (when the channel supports location)', async (ctx) => {
      if (!adapter.capabilities.supportsLocation) return ctx.skip();
      const fixture = subject.fixtures.location;
      expect(fixture, 'a channel that supports location needs fixtures.location').toBeDefined();
      await subject.deliver(fixture!.raw);
      const location = bot.turns[0]?.location;
      expect(location).toBeDefined();
      expect(location!.lat).toBeCloseTo(fixture!.expect.location!.lat, 5);
      expect(location!.lng).toBeCloseTo(fixture!.expect.location!.lng, 5);
      if (fixture!.expect.location!.label) expect(location!.label).toBe(fixture!.expect.location!.label);
    });

    it('dedupe: the same raw payload twice runs one turn', async () => {
      const { raw } = subject.fixtures.text;
      const first = await subject.deliver(raw);
      const second = await subject.deliver(raw);
      expect(bot.turns).toHaveLength(1);
      expect(first.length).toBeGreaterThan(0);
      // A redelivery gets nothing new, or exactly the first answer again (WeChat OA passive retry).
      if (second.length) expect(second).toEqual(first.slice(0, second.length));
    });

    it('split: a long reply arrives in parts within the channel limit', async () => {
      const { maxTextLength, maxSegments } = adapter.capabilities;
      const long = longReply(maxTextLength);
      bot.answer(() => [{ text: long }]);
      const replies = await subject.deliver(subject.fixtures.text.raw);
      expect(replies.length).toBeGreaterThanOrEqual(2);
      expect(replies.length).toBeLessThanOrEqual(maxSegments);
      for (const part of replies) expect([...part].length).toBeLessThanOrEqual(maxTextLength);
      expect(replies[0]).toContain('培训补贴按证书等级发放。');
    });

    it('signature: a payload with a bad signature is rejected and never reaches the bot', async (ctx) => {
      if (!subject.badSignature) return ctx.skip();
      expect(await subject.badSignature(subject.fixtures.text.raw)).toBe(true);
      expect(bot.calls).toHaveLength(0);
    });

    it('outbound: send reaches the user on the fake platform', async () => {
      const userId = subject.userId ?? subject.fixtures.text.expect.channelUserId;
      expect(userId, 'subject.userId or fixtures.text.expect.channelUserId').toBeTruthy();
      const received = await subject.send(userId!, '您报名的电工班明天开课。');
      expect(received).toEqual(['您报名的电工班明天开课。']);
    });
  });
}
