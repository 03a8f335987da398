/**
 * The SMS channel through the real app (pipeline, dialogs, test DB): paging with "8"
 * (surviving a restart), dedupe, opt-out, identity linking, delivery-status updates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundSms } from '../../../src/integrations/sms/provider.js';
import { isPhoneOptedOut } from '../../../src/notifications/opt-out.js';
import { createTestApp } from '../../helpers/fake-channel.js';
import { FakeKnowledgeBase } from '../../helpers/fake-knowledge.js';
import { RecordingProvider, startSmsHarness, type SmsHarness } from './harness.js';

const PHONE = '13912345678';
const LONG = Array.from({ length: 24 }, (_, i) => `第${i + 1}项：参加培训并取得证书的，按规定给予补贴，请到县人社局办理。`).join('');

let n = 0;
const mo = (text: string, from = `+86 ${PHONE}`, messageId = `mo-${++n}`): InboundSms => ({
  from,
  text,
  messageId,
  receivedAt: new Date('2026-11-28T02:00:00Z'),
});

describe('SMS channel', () => {
  let h: SmsHarness;
  let provider: RecordingProvider;

  beforeEach(async () => {
    provider = new RecordingProvider();
    const knowledge = new FakeKnowledgeBase([
      { clauseId: 1, document: '规划', label: '四（一）3', heading: '四', text: LONG, keywords: ['补贴'] },
    ]);
    h = await startSmsHarness({ provider, testApp: await createTestApp({ knowledge }) });
    await h.sms.adapter.receive(mo('你好')); // first contact: welcome + menu
    provider.sent.length = 0;
  });
  afterEach(async () => {
    await h.close();
  });

  const say = async (text: string, messageId?: string) => {
    const before = provider.sent.length;
    await h.sms.adapter.receive(mo(text, `+86 ${PHONE}`, messageId));
    return provider.sent.slice(before).map((s) => s.text);
  };

  it('answers in ≤ 70-character segments, at most 3, and pages the rest behind "8"', async () => {
    const first = await say('培训有补贴吗');
    expect(first).toHaveLength(3);
    for (const s of first) expect([...s].length).toBeLessThanOrEqual(70);
    expect(first[2]!.endsWith('回复8看下一条')).toBe(true);
    expect(await h.t.db.smsPendingPage.count()).toBe(1);

    const pages: string[][] = [first];
    for (let i = 0; i < 20 && (await h.t.db.smsPendingPage.count()); i++) pages.push(await say('８')); // full-width 8 too
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)!.at(-1)).not.toContain('回复8看下一条');
    const all = pages.flat().join('');
    expect(all).toContain('第1项');
    expect(all).toContain('第24项');

    // The pages were logged as outbound messages with the user's id.
    const outs = await h.t.db.messageLog.findMany({ where: { channel: 'sms', direction: 'out' } });
    expect(outs.length).toBeGreaterThanOrEqual(pages.length);
    expect(outs.every((o) => o.userId !== null && o.providerMessageId)).toBe(true);

    // No pages left: "8" goes to the bot like any text.
    const after = await say('8');
    expect(after.join('')).not.toContain('第');
  });

  it('keeps pending pages across a restart', async () => {
    await say('培训有补贴吗');
    await h.restart();
    const next = await say('8');
    expect(next.length).toBeGreaterThan(0);
    expect(next.join('')).toMatch(/第\d+项/);
  });

  it('drops pending pages when the user moves on', async () => {
    await say('培训有补贴吗');
    await say('菜单');
    expect(await h.t.db.smsPendingPage.count()).toBe(0);
  });

  it('runs a redelivered MO once', async () => {
    const a = await say('培训有补贴吗', 'dup-1');
    const b = await say('培训有补贴吗', 'dup-1');
    expect(a.length).toBe(3);
    expect(b).toEqual([]);
    // A redelivered "8" does not skip a page either.
    await say('8', 'dup-8');
    const pendingBefore = (await h.t.db.smsPendingPage.findFirst())?.pages;
    expect(await say('8', 'dup-8')).toEqual([]);
    expect((await h.t.db.smsPendingPage.findFirst())?.pages).toBe(pendingBefore);
  });

  const enqueue = async (userId: number, key: string, text: string, priority: 'announcement' | 'transactional') =>
    h.t.queue.enqueue([{ userId, kind: priority === 'announcement' ? 'broadcast' : 'reminder', priority, body: text, notBefore: h.t.clock.now(), idempotencyKey: key }]);

  it('opt-out (T, TD, R, 退订): confirms, blocks announcements but not reminders, still answers questions', async () => {
    const reply = await say('td。');
    expect(reply).toEqual([expect.stringContaining('已退订')]);
    expect(await isPhoneOptedOut(h.t.db, PHONE)).toBe(true);
    expect(await h.t.db.notificationOptOut.findFirst()).toMatchObject({ keyword: 'TD', channel: 'sms', scope: 'announcements' });

    const identity = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: PHONE } });
    await enqueue(identity.userId, 'b1', '电工班下周开课', 'announcement');
    await enqueue(identity.userId, 'r1', '【开课提醒】明天开课', 'transactional');
    await h.t.deliver();
    expect(provider.to(PHONE).some((t) => t.includes('电工班'))).toBe(false);
    expect(provider.to(PHONE).slice(1)).toEqual(['【开课提醒】明天开课']);
    expect(await h.t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'b1' } })).toMatchObject({ status: 'skipped', skipReason: 'opted-out' });

    expect((await say('培训有补贴吗')).length).toBeGreaterThan(0);
    for (const w of ['T', 'R', '退订']) expect(await say(w)).toEqual([expect.stringContaining('已退订')]);
  });

  it('pushes announcements to numbers that did not opt out, with the carriers\' opt-out hint', async () => {
    const identity = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: PHONE } });
    await enqueue(identity.userId, 'b2', '电工班下周开课。', 'announcement');
    expect(await h.t.deliver()).toMatchObject({ sent: 1 });
    expect(provider.to(PHONE)).toEqual(['电工班下周开课。拒收请回复R']);
    expect(await h.t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'b2' } })).toMatchObject({ status: 'sent', channel: 'sms' });
  });

  it('attaches a first SMS to the user who confirmed that phone', async () => {
    const owner = await h.t.db.user.create({ data: { phone: '13800000001', phoneConfirmedAt: new Date() } });
    await h.t.db.user.create({ data: { phone: '13800000002' } }); // typed, never confirmed
    await say('你好'.repeat(1));
    await h.sms.adapter.receive(mo('培训有补贴吗', '+86 138 0000 0001'));
    const linked = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: '13800000001' } });
    expect(linked.userId).toBe(owner.id);
    await h.sms.adapter.receive(mo('培训有补贴吗', '13800000002'));
    const other = await h.t.db.channelIdentity.findFirstOrThrow({ where: { channel: 'sms', channelUserId: '13800000002' } });
    expect(other.userId).not.toBe(owner.id);
  });

  it('ignores MOs from invalid numbers', async () => {
    await h.sms.adapter.receive(mo('你好', '10086'));
    expect(provider.sent).toEqual([]);
  });

  it('applies delivery reports forward only (queued → sent → delivered; failed is final)', async () => {
    await say('菜单');
    const row = await h.t.db.messageLog.findFirstOrThrow({ where: { channel: 'sms', direction: 'out' }, orderBy: { id: 'desc' } });
    const id = row.providerMessageId!;
    expect(row.status).toBe('sent');
    await h.sms.adapter.report([{ providerMessageId: id, status: 'delivered' }]);
    await h.sms.adapter.report([{ providerMessageId: id, status: 'sent' }]); // late ack
    expect((await h.t.db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('delivered');
    await h.sms.adapter.report([{ providerMessageId: id, status: 'failed', detail: 'kannel 16' }]);
    expect(await h.t.db.messageLog.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'failed', error: 'kannel 16' });
    expect(await h.sms.adapter.report([{ providerMessageId: 'unknown', status: 'delivered' }])).toBe(0);
  });

  it('records a failed send as failed', async () => {
    provider.fail = true;
    await say('菜单');
    const row = await h.t.db.messageLog.findFirstOrThrow({ where: { channel: 'sms', direction: 'out' }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('declares SMS capabilities', () => {
    expect(h.sms.adapter.capabilities).toEqual({ maxTextLength: 70, maxSegments: 3, supportsLocation: false, canPush: true, userIdIsPhone: true });
  });
});
