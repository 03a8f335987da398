/**
 * A sender process for the crash benchmark: drains the outbound queue of DATABASE (argv[2]) to a
 * fake gateway (argv[3]) over loopback HTTP, throttling off, then exits. argv[4] shifts its clock
 * forward (ms), so a restarted sender sees the leases of a killed one as expired without waiting.
 * argv[5] = "mass": the gateway is a batch route (≤ 500 recipients a call, keyed like WeChat's
 * clientmsgid), POST <gateway-origin>/batch.
 */
import type { ChannelAdapter, DeliveryReceipt, OutboundMessage } from '../../src/bot/message.js';
import { BATCH_ROUTE, type BatchChannel } from '../../src/notifications/batch.js';
import { SqliteOutboundQueue } from '../../src/bot/sqlite-outbound-queue.js';
import { openDatabase } from '../../src/db/client.js';
import { defaultOutboundConfig } from '../../src/notifications/config.js';
import { OutboundSender } from '../../src/notifications/sender.js';
import { silentLogger } from '../../src/shared/logger.js';

const [url, gateway, offset = '0', mode = ''] = process.argv.slice(2);
const { db } = await openDatabase({ url: url!, migrate: false });
const adapter: ChannelAdapter = {
  name: 'gw',
  capabilities: { maxTextLength: 600, maxSegments: 1, supportsLocation: false, canPush: true },
  async push(to: string, messages: OutboundMessage[]): Promise<DeliveryReceipt[]> {
    const res = await fetch(gateway!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, text: messages[0]!.text }) });
    return messages.map(() => (res.ok ? { status: 'sent' as const } : { status: 'failed' as const, error: `HTTP ${res.status}` }));
  },
};
if (mode === 'mass') {
  const batch: BatchChannel = {
    batchLimits: { min: 2, max: 500 },
    async pushBatch(to, text, options) {
      const res = await fetch(new URL('/batch', gateway!), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, text, key: options.key }) });
      return res.ok ? { status: 'sent', providerMessageId: String(((await res.json()) as { id: number }).id) } : { status: 'failed', error: `HTTP ${res.status}` };
    },
  };
  Object.assign(adapter, batch, { reach: async () => BATCH_ROUTE });
}
const clock = { now: () => new Date(Date.now() + Number(offset)) };
const sender = new OutboundSender({
  queue: new SqliteOutboundQueue(db),
  db,
  clock,
  log: silentLogger,
  channels: { adapters: () => [adapter] },
  config: { ...defaultOutboundConfig(), QUIET_HOURS: null, OUTBOUND_RATES: null, ANNOUNCEMENTS_PER_WEEK: 1000 },
  owner: `child-${process.pid}`,
  leaseMs: 60_000,
  batch: 50,
});
const started = Date.now();
const run = await sender.drain(100_000);
console.log(JSON.stringify({ ...run, ms: Date.now() - started }));
process.exit(0);
