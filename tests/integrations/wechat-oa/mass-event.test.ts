/** MASSSENDJOBFINISH: WeChat's report on a mass-send job lands on its MassSendJob row, not in a turn. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/bot/pipeline.js';
import { fixture, startOaHarness, type OaHarness } from './harness.js';

let h: OaHarness;
afterEach(() => h.close());

const turns: unknown[] = [];
const bot: Bot = {
  async handle(msg) {
    turns.push(msg);
    return { replies: [], duplicate: false };
  },
  use() {},
};

describe('MASSSENDJOBFINISH', () => {
  for (const mode of ['plain', 'aes'] as const) {
    it(`records the status and counts on the job (${mode}) and answers success`, async () => {
      h = await startOaHarness({ bot, touchIdentity: false });
      await h.db.massSendJob.create({ data: { channel: 'wechat-oa', clientMsgId: 'sbkey1', recipients: 3, status: 'submitted', msgId: '3147483001' } });
      const res = await h.post(fixture('masssendjobfinish'), { mode });
      expect(res).toMatchObject({ status: 200, body: 'success' });
      expect(await h.db.massSendJob.findFirstOrThrow()).toMatchObject({
        status: 'finished', result: 'send success', totalCount: 3, filterCount: 2, sentCount: 2, errorCount: 0, finishedAt: expect.any(Date),
      });
      expect(turns).toEqual([]);
    });
  }
});
