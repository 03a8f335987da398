/**
 * The registry of channels that can push (channels register themselves at start-up); the
 * outbound sender (sender.ts) delivers through them. `notify` is an immediate best-effort push on
 * the channel the user last wrote from: proactive messages go through the outbound queue instead
 * (durable, throttled, opt-out checked); `notify` remains for callers that must answer at once.
 */
import type { Db } from '../db/client.js';
import type { Logger } from 'pino';
import type { ChannelAdapter, OutboundMessage } from '../bot/message.js';
import { logOutbound } from '../bot/message-log.js';

export interface Notifier {
  notify(userId: number, messages: OutboundMessage[]): Promise<{ delivered: boolean; channel?: string }>;
}

export class ChannelNotifier implements Notifier {
  private readonly registry = new Map<string, ChannelAdapter>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  register(adapter: ChannelAdapter): void {
    this.registry.set(adapter.name, adapter);
  }

  /** The registered channels. */
  adapters(): ChannelAdapter[] {
    return [...this.registry.values()];
  }

  async notify(userId: number, messages: OutboundMessage[]) {
    const identities = await this.db.channelIdentity.findMany({
      where: { userId, subscribed: true },
      orderBy: { lastInboundAt: 'desc' },
    });
    for (const identity of identities) {
      const adapter = this.registry.get(identity.channel);
      if (!adapter?.push || !adapter.capabilities.canPush) continue;
      try {
        const receipts = await adapter.push(identity.channelUserId, messages);
        await logOutbound(this.db, { userId, channel: identity.channel, channelUserId: identity.channelUserId, kind: 'notice' }, messages, receipts);
        if (receipts.every((r) => r.status !== 'failed')) return { delivered: true, channel: identity.channel };
      } catch (err) {
        this.log.warn({ err, userId, channel: identity.channel }, 'notify failed on channel');
      }
    }
    return { delivered: false };
  }
}
