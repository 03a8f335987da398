/**
 * Test harness for the SMS channel: the real app (pipeline, dialogs, test DB) with an
 * SmsChannel around a given provider, its callback router served on 127.0.0.1, and a
 * recording provider for assertions.
 */
import type { Server } from 'node:http';
import express from 'express';
import { errorHandler } from '../../../src/http/errors.js';
import { createSmsChannel, type SmsChannelModule } from '../../../src/integrations/sms/index.js';
import type { SmsConfig } from '../../../src/integrations/sms/config.js';
import type { SmsProvider, SmsSendOptions, SmsSendResult } from '../../../src/integrations/sms/provider.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../../helpers/fake-channel.js';

export const SECRET = 'test-secret-abcdefghijklmnop';

/** A provider that records segments and answers like Kannel (ref = providerMessageId). */
export class RecordingProvider implements SmsProvider {
  readonly name = 'console' as const;
  readonly callbacks = [];
  readonly sent: { to: string; text: string; options: SmsSendOptions }[] = [];
  fail = false;
  async send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult> {
    this.sent.push({ to, text, options });
    return this.fail
      ? { providerMessageId: options.ref, status: 'failed', error: 'boom' }
      : { providerMessageId: options.ref, status: 'sent' };
  }
  /** Texts sent to `to`, in order. */
  to(to: string): string[] {
    return this.sent.filter((s) => s.to === to).map((s) => s.text);
  }
}

export interface SmsHarness {
  t: TestApp;
  sms: SmsChannelModule;
  baseUrl: string;
  /** Rebuilds app + channel on the same DB file (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsHarness(options: {
  provider: SmsProvider;
  config?: Partial<SmsConfig>;
  testApp?: TestApp;
}): Promise<SmsHarness> {
  const t = options.testApp ?? (await createTestApp());
  const config = { provider: 'console', maxSegments: 3, allowedIps: [], callbackSecret: SECRET, ...options.config } as SmsConfig;
  let n = 0;
  const build = () => {
    // Deterministic refs make delivery-report tests readable.
    const sms = createSmsChannel({
      config,
      bot: t.app.bot,
      db: t.db,
      log: silentLogger,
      clock: t.clock,
      provider: options.provider,
      newRef: () => `ref-${++n}`,
    });
    t.app.notifier.register(sms.adapter);
    return sms;
  };
  const h: SmsHarness = {
    t,
    sms: build(),
    baseUrl: '',
    async restart() {
      await t.restart();
      h.sms = build();
    },
    async close() {
      await new Promise((r) => server.close(r));
      await t.destroy();
    },
  };
  const http = express();
  http.use(express.json({ limit: '64kb' })); // like the real app: JSON is parsed before module routes
  http.use((req, res, next) => h.sms.router(req, res, next));
  http.use(errorHandler(silentLogger));
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  h.baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return h;
}
