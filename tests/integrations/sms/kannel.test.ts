/**
 * The real gateway loop: a fake handset (Kannel's fakesmsc) sends "我想学电工" as UCS-2 →
 * bearerbox → smsbox POSTs it to our post-url → the bot answers → our Kannel provider calls
 * /cgi-bin/sendsms → fakesmsc receives the UCS-2 MT → Kannel's delivery reports hit our
 * dlr-url → MessageLog status becomes "delivered".
 * Needs Debian's kannel + kannel-extras (CI installs them in .ci/run); skipped only when missing.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../../src/http/errors.js';
import { createSmsChannel, type SmsChannelModule } from '../../../src/integrations/sms/index.js';
import { smsConfigFragment } from '../../../src/integrations/sms/config.js';
import { KannelProvider } from '../../../src/integrations/sms/providers/kannel.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../../helpers/fake-channel.js';
import { KannelHarness, kannelMissingReason, waitFor, type Handset } from '../../helpers/kannel.js';

const missing = kannelMissingReason();
if (missing) console.warn(`[sms/kannel.test] SKIPPED: ${missing}`);

const SECRET = 'kannel-test-secret-0123456789';
const HANDSET = '+86 139-1234-5678';
const PHONE = '13912345678';
const SERVICE_NUMBER = '10690000';

describe.skipIf(missing !== null)('Kannel gateway loop (bearerbox + smsbox + fakesmsc on 127.0.0.1)', () => {
  let t: TestApp;
  let server: Server;
  let kannel: KannelHarness;
  let sms: SmsChannelModule;
  const sentSegments: string[] = [];
  let handset: Handset;
  const started = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    const http = express();
    // Late binding: the SMS router needs Kannel's ports, Kannel's config needs ours.
    http.use((req, res, next) => sms.router(req, res, next));
    http.use(errorHandler(silentLogger));
    server = await new Promise<Server>((resolve) => {
      const s = http.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;
    const base = `http://127.0.0.1:${port}`;

    kannel = new KannelHarness({
      postUrl: `${base}/sms/kannel/${SECRET}/mo?from=%p&to=%P&id=%I&time=%t&smsc=%i`,
    });
    await kannel.start();

    const config = smsConfigFragment.parse({
      SMS_PROVIDER: 'kannel',
      KANNEL_SENDSMS_URL: kannel.sendsmsUrl,
      KANNEL_USERNAME: kannel.username,
      KANNEL_PASSWORD: kannel.password,
      KANNEL_FROM: SERVICE_NUMBER,
      SMS_CALLBACK_BASE_URL: base,
      SMS_CALLBACK_SECRET: SECRET,
    })!;
    if (config.provider !== 'kannel') throw new Error('unexpected provider');
    const real = new KannelProvider({ ...config.kannel, dlrUrl: `${base}/sms/kannel/${SECRET}/dlr` });
    // Record what we hand to Kannel, to compare with what the handset gets.
    const provider = Object.assign(Object.create(real) as KannelProvider, {
      send: async (...args: Parameters<KannelProvider['send']>) => {
        sentSegments.push(args[1]);
        return real.send(...args);
      },
      callbacks: real.callbacks,
    });
    sms = createSmsChannel({ config, bot: t.app.bot, db: t.db, log: silentLogger, clock: { now: () => new Date() }, provider });
    t.app.notifier.register(sms.adapter);
  }, 30_000);

  afterAll(async () => {
    await kannel?.stop();
    await new Promise((r) => server?.close(r));
    await t?.destroy();
  }, 30_000);

  it('carries a UCS-2 MO to the bot and the reply back to the handset, with delivery reports', async () => {
    handset = kannel.handset(HANDSET.replace(/\D/g, '').replace(/^86/, ''), SERVICE_NUMBER, '我想学电工');
    try {
      // 1. Kannel posted the MO (decoded from UCS-2) to our route; the bot ran a turn.
      const inbound = await waitFor(
        () => t.db.messageLog.findFirst({ where: { channel: 'sms', direction: 'in' } }).then((r) => r ?? undefined),
        30_000,
        'the MO at our post-url',
      );
      expect(inbound).toMatchObject({ channelUserId: PHONE, text: '我想学电工' });
      expect(inbound.channelMessageId).toMatch(/^kannel:[0-9a-f-]{36}$/);

      // 2. The reply went out through sendsms and reached the handset as UCS-2.
      const mts = await handset.waitForMessages(1, 30_000);
      expect(sentSegments.length).toBeGreaterThanOrEqual(1);
      expect(mts[0]).toMatchObject({ from: SERVICE_NUMBER, to: PHONE, type: 'ucs-2' });
      expect(mts[0]!.text).toBe(sentSegments[0]);
      for (const s of sentSegments) expect([...s].length).toBeLessThanOrEqual(70);

      // 3. Delivery reports (8 = SMSC ack, 1 = delivered) reached our dlr route.
      const out = await waitFor(
        async () => {
          const rows = await t.db.messageLog.findMany({ where: { channel: 'sms', direction: 'out' } });
          return rows.length && rows.every((r) => r.status === 'delivered') ? rows : undefined;
        },
        30_000,
        'delivery reports',
      );
      expect(out[0]!.providerMessageId).toBeTruthy();
      console.info(`[sms/kannel.test] loop done in ${Date.now() - started} ms (incl. Kannel start-up); reply: ${mts[0]!.text}`);
    } catch (err) {
      console.error(kannel.logs(), '\n--- fakesmsc\n', handset.output.slice(-2000));
      throw err;
    }
  }, 60_000);
});
