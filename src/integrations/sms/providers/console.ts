/**
 * Console provider: "sends" by writing a log line (number masked by the logger). For the
 * embedded default and demos (SMS_PROVIDER=console); the pipeline still records every message
 * in MessageLog. `outbox` keeps what was sent, for tests and the dev console.
 */
import type { Logger } from 'pino';
import type { SmsCallback, SmsProvider, SmsSendOptions, SmsSendResult } from '../provider.js';

export class ConsoleProvider implements SmsProvider {
  readonly name = 'console' as const;
  readonly callbacks: SmsCallback[] = [];
  /** Segments sent, oldest first (bounded). */
  readonly outbox: { to: string; text: string; ref: string }[] = [];

  constructor(
    private readonly log: Logger,
    private readonly maxOutbox = 500,
  ) {}

  async send(to: string, text: string, options: SmsSendOptions): Promise<SmsSendResult> {
    this.outbox.push({ to, text, ref: options.ref });
    if (this.outbox.length > this.maxOutbox) this.outbox.shift();
    this.log.info({ to, ref: options.ref, part: options.part, kind: options.kind }, `SMS (console) → ${to}: ${text}`);
    return { providerMessageId: options.ref, status: 'sent' };
  }
}
