/** Shared setup for course tests: a migrated DB, a fake clock, a recording outbound queue, course factories. */
import type { OutboundMessage } from '../../src/bot/message.js';
import type { OutboundItem, OutboundQueue } from '../../src/bot/ports.js';
import { createCourseServices } from '../../src/courses/services.js';
import { waitlistNotices } from '../../src/notifications/waitlist.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Db } from '../../src/db/client.js';
import { FakeClock } from '../helpers/clock.js';
import { createTestDb } from '../helpers/db.js';

/** An outbound queue that records what producers enqueue (as the messages they would send). */
export class RecordingQueue implements OutboundQueue {
  readonly items: OutboundItem[] = [];
  readonly sent: { userId: number | null; messages: OutboundMessage[] }[] = [];
  async enqueue(items: OutboundItem[]) {
    this.items.push(...items);
    for (const i of items) this.sent.push({ userId: i.userId, messages: [{ text: i.body, personal: i.priority === 'transactional' }] });
    return items.length;
  }
  claim = async () => [];
  complete = async () => false;
  retry = async () => false;
  cancel = async () => 0;
  markBatch = async () => [];
  completeMany = async () => 0;
  openInBatch = async () => 0;
}

let seq = 0;
/** Creates a course (defaults: open, 榆中县, starts in 10 days). */
export async function makeCourse(db: Db, over: Record<string, unknown> = {}) {
  seq++;
  const start = new Date(Date.UTC(2026, 11, 8));
  return db.course.create({
    data: {
      code: `T-${seq}-${Math.random().toString(36).slice(2, 8)}`,
      title: `测试电工班${seq}`,
      occupation: '电工',
      category: '就业技能培训',
      startDate: start,
      endDate: new Date(start.getTime() + 14 * 86_400_000),
      durationDays: 15,
      capacity: 30,
      countyCode: '620123',
      lat: 35.8431,
      lng: 104.1097,
      ...over,
    },
  });
}

export async function setup() {
  const t = await createTestDb();
  const clock = new FakeClock('2026-11-28T02:00:00Z');
  const notifier = new RecordingQueue();
  const services = createCourseServices({ db: t.db, clock, log: silentLogger, events: waitlistNotices(notifier, clock) });
  return { ...t, clock, notifier, services };
}

export const person = (i: number, over: Record<string, unknown> = {}) => ({
  name: `学员${i}`,
  phone: `139${String(i).padStart(8, '0')}`,
  groups: [] as never[],
  consent: true as const,
  via: 'self' as const,
  ...over,
});
