/**
 * Transcript-style tests through the real app (pipeline, dialogs, database) with a fake channel:
 *
 *   const t = await createTestApp();
 *   const user = t.chat.user('u1');
 *   await user.says('菜单');
 *   expect(user.lastReply()).toMatch(/问政策/);
 *   await t.restart();            // close and reopen the same database file
 */
import { rmSync } from 'node:fs';
import { createApp, type App } from '../../src/app/create-app.js';
import { use, type FeatureUse } from '../../src/bot/feature.js';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  DeliveryReceipt,
  GeoPoint,
  OutboundMessage,
} from '../../src/bot/message.js';
import type { Services } from '../../src/dialogs/types.js';
import { handoffFeature } from '../../src/features/handoff.js';
import { policyFeature } from '../../src/features/policy.js';
import { COURSE_FNS, notificationsFeature, type NotificationCourses } from '../../src/features/notifications.js';
import { loadConfig } from '../../src/app/config.js';
import type { CourseServices } from '../../src/courses/types.js';
import { openDatabase } from '../../src/db/client.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { silentLogger } from '../../src/shared/logger.js';
import { ChannelNotifier } from '../../src/notifications/notifier.js';
import { SqliteOutboundQueue } from '../../src/bot/sqlite-outbound-queue.js';
import { defaultOutboundConfig, type OutboundConfig } from '../../src/notifications/config.js';
import { OutboundSender, type SendRun } from '../../src/notifications/sender.js';
import { FakeClock } from './clock.js';
import { createTestDb, type TestDb } from './db.js';
import { FakeKnowledgeBase } from './fake-knowledge.js';
import { assertOneNumberedBlock } from './numbered-blocks.js';

export const TEST_CHANNEL = 'test';

/** A channel adapter that records pushes. */
export class FakeChannel implements ChannelAdapter {
  readonly name = TEST_CHANNEL;
  readonly pushed: { to: string; text: string }[] = [];
  constructor(
    readonly capabilities: ChannelCapabilities = {
      maxTextLength: 600,
      maxSegments: 5,
      supportsLocation: true,
      canPush: true,
    },
  ) {}
  async push(to: string, messages: OutboundMessage[]): Promise<DeliveryReceipt[]> {
    for (const m of messages) this.pushed.push({ to, text: m.text });
    return messages.map(() => ({ status: 'sent' as const }));
  }
}

let counter = 0;

export class FakeUser {
  /** Every reply this user got, in order (one entry per message). */
  readonly replies: string[] = [];
  constructor(
    private readonly t: TestApp,
    readonly id: string,
    private readonly inGroup = false,
  ) {}

  private async send(parts: { text?: string; location?: GeoPoint; event?: any }, messageId?: string): Promise<string[]> {
    const result = await this.t.app.bot.handle(
      {
        channel: TEST_CHANNEL,
        channelUserId: this.id,
        messageId: messageId ?? `m${++counter}-${Date.now()}`,
        ...parts,
        ...(this.inGroup ? { conversation: { kind: 'group' as const, groupId: 'g1@chatroom' } } : {}),
        receivedAt: this.t.clock.now(),
      },
      this.t.channel,
    );
    const texts = result.replies.map((r) => r.text);
    this.replies.push(...texts);
    // Every transcript test checks "one numbered menu per turn, never two".
    assertOneNumberedBlock(parts.text ?? JSON.stringify(parts), texts);
    return texts;
  }

  /** Sends text; returns this turn's replies. */
  says(text: string, options: { messageId?: string } = {}): Promise<string[]> {
    return this.send({ text }, options.messageId);
  }
  sharesLocation(lat: number, lng: number, label?: string): Promise<string[]> {
    return this.send({ location: { lat, lng, ...(label ? { label } : {}) } });
  }
  event(event: { type: string; [k: string]: unknown }): Promise<string[]> {
    return this.send({ event });
  }
  lastReply(): string {
    return this.replies.at(-1) ?? '';
  }
  /** All replies of the last turn joined (a turn may produce several messages). */
  transcript(): string {
    return this.replies.join('\n---\n');
  }
  /** Messages pushed to this user outside their turns (notifications). */
  pushed(): string[] {
    return this.t.channel.pushed.filter((p) => p.to === this.id).map((p) => p.text);
  }
}

export interface TestAppOptions {
  knowledge?: KnowledgeBase;
  courses?: (services: { db: TestDb['db']; notifier: ChannelNotifier; clock: FakeClock; queue: SqliteOutboundQueue }) => CourseServices;
  /** Rules for `deliver()` (default: the defaults with quiet hours and throttling off). */
  outbound?: Partial<OutboundConfig>;
  /** Features besides policy Q&A and handoff (always installed, as in the real app). */
  features?: FeatureUse<Services>[] | ((services: Services, app: { queue: SqliteOutboundQueue; notifier: ChannelNotifier }) => FeatureUse<Services>[]);
  capabilities?: ChannelCapabilities;
  clock?: FakeClock;
  env?: Record<string, string>;
}

export class TestApp {
  app!: App<Services>;
  /** The outbound queue (proactive messages wait here until `deliver()`). */
  queue!: SqliteOutboundQueue;
  channel: FakeChannel;
  clock: FakeClock;
  knowledge: KnowledgeBase;
  private constructor(
    public testDb: TestDb,
    private readonly options: TestAppOptions,
  ) {
    this.clock = options.clock ?? new FakeClock();
    this.channel = new FakeChannel(options.capabilities);
    this.knowledge = options.knowledge ?? new FakeKnowledgeBase();
  }

  static async create(options: TestAppOptions = {}): Promise<TestApp> {
    const t = new TestApp(await createTestDb(), options);
    await t.build();
    return t;
  }

  get db() {
    return this.testDb.db;
  }

  private async build(): Promise<void> {
    const config = loadConfig({ ...(this.options.env ?? {}), DATABASE_URL: this.testDb.url });
    const db = this.testDb.db;
    const notifier = new ChannelNotifier(db, silentLogger);
    this.queue = new SqliteOutboundQueue(db);
    const courses = this.options.courses?.({ db, notifier, clock: this.clock, queue: this.queue }) ?? ({} as CourseServices);
    const services: Services = { db, clock: this.clock, log: silentLogger, knowledge: this.knowledge, courses };
    const extra = this.options.features;
    this.app = await createApp<Services>({
      config,
      db,
      log: silentLogger,
      clock: this.clock,
      services,
      notifier,
      features: [
        use(policyFeature),
        use(handoffFeature, { queue: this.queue }),
        ...(typeof extra === 'function' ? extra(services, { queue: this.queue, notifier }) : (extra ?? [])),
        // As in the real app: opt-out words, replies to reminders, the sender's rules.
        use(notificationsFeature, {
          notifier,
          queue: this.queue,
          config: this.outboundConfig(),
          ...(COURSE_FNS.every((f) => typeof (courses as unknown as Record<string, unknown>)[f] === 'function') ? { courses: courses as unknown as NotificationCourses } : {}),
        }),
      ],
    });
    this.app.notifier.register(this.channel);
  }

  /** The outbound rules tests run with. */
  outboundConfig(): OutboundConfig {
    return { ...defaultOutboundConfig(), QUIET_HOURS: null, OUTBOUND_RATES: null, ...this.options.outbound };
  }

  /** Runs the outbound sender once over everything due now (at the fake clock's time). */
  deliver(): Promise<SendRun> {
    const sender = new OutboundSender({ queue: this.queue, db: this.db, clock: this.clock, log: silentLogger, channels: this.app.notifier, config: this.outboundConfig() });
    return sender.drain();
  }

  chat = {
    user: (id: string, options: { inGroup?: boolean } = {}) => new FakeUser(this, id, options.inGroup),
  };

  /** Simulates a process restart: closes the database, reopens the same file, rebuilds the app. */
  async restart(): Promise<void> {
    await this.testDb.close();
    const reopened = await openDatabase({ url: this.testDb.url });
    this.testDb = { ...this.testDb, ...reopened, close: reopened.close };
    await this.build();
  }

  async destroy(): Promise<void> {
    await this.testDb.close().catch(() => {});
    rmSync(this.testDb.dir, { recursive: true, force: true });
  }
}

export const createTestApp = (options?: TestAppOptions) => TestApp.create(options);
