/**
 * A test app with the course dialogs, the REAL course services (sample catalog loaded) and, by
 * default, the real policy knowledge base built once per test file from the shipped plan.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ChannelCapabilities } from '../../../src/bot/message.js';
import { createCourseServices, ensureSampleCatalog, type CourseAdminServices } from '../../../src/courses/index.js';
import type { CourseServices, GroupKey } from '../../../src/courses/types.js';
import { use } from '../../../src/bot/feature.js';
import { coursesFeature } from '../../../src/features/courses.js';
import { waitlistNotices } from '../../../src/notifications/waitlist.js';
import { createKnowledgeBase, ensureDefaultCorpus } from '../../../src/knowledge/index.js';
import type { KnowledgeBase } from '../../../src/knowledge/types.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createTestDb } from '../../helpers/db.js';
import { createTestApp, type FakeUser, type TestApp } from '../../helpers/fake-channel.js';

/** The real knowledge base over the shipped plan (its own throwaway database). */
export async function realKnowledge(): Promise<{ kb: KnowledgeBase; destroy(): Promise<void> }> {
  const kdb = await createTestDb();
  await ensureDefaultCorpus(kdb.db, silentLogger);
  const kb = await createKnowledgeBase({ db: kdb.db, log: silentLogger, clock: () => new Date('2026-11-28T02:00:00Z') });
  return { kb, destroy: () => kdb.destroy() };
}

export interface CourseTestApp {
  t: TestApp;
  /** The current course services (rebuilt by t.restart()). */
  courses(): CourseAdminServices;
  /** Adds a course (defaults: open, 榆中县, starts in 30 days, capacity 30) and returns its id. */
  addCourse(fields: Partial<NewCourse> & { title: string; occupation: string }): Promise<number>;
  user(id: string, options?: { inGroup?: boolean }): FakeUser;
  destroy(): Promise<void>;
}

export interface NewCourse {
  title: string;
  occupation: string;
  category: string;
  capacity: number;
  eligibleGroups: GroupKey[];
  countyCode: string | null;
  lat: number | null;
  lng: number | null;
  online: boolean;
  startInDays: number;
  status: string;
  subsidyNote: string;
  contact: string;
}

let seq = 0;

/**
 * Until createCourseServices implements the optional countyPlace/nearestCounty (requested in
 * /tmp/courses-coordination.md), fill them in from its gazetteer. A no-op once it does.
 */

export async function createCourseTestApp(
  options: { knowledge?: KnowledgeBase; capabilities?: ChannelCapabilities } = {},
): Promise<CourseTestApp> {
  let services: CourseAdminServices | null = null;
  const t = await createTestApp({
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    courses: ({ db, queue, clock }) => {
      const real = createCourseServices({ db, clock, log: silentLogger, events: waitlistNotices(queue, clock) });
      services = real;
      return services satisfies CourseServices;
    },
    features: [use(coursesFeature, {})],
  });
  await ensureSampleCatalog(t.db, t.clock, silentLogger);
  services!.catalogChanged();
  return {
    t,
    courses: () => services!,
    async addCourse(f) {
      const start = new Date(Date.UTC(2026, 10, 28) + (f.startInDays ?? 30) * 86_400_000);
      const row = await t.db.course.create({
        data: {
          code: `TEST-${++seq}`,
          title: f.title,
          occupation: f.occupation,
          category: f.category ?? '就业技能培训',
          subsidized: true,
          subsidyNote: f.subsidyNote ?? '免费参加（测试课程）',
          eligibleGroups: JSON.stringify(f.eligibleGroups ?? []),
          startDate: start,
          endDate: new Date(start.getTime() + 9 * 86_400_000),
          scheduleText: '每天9:00-17:00',
          durationDays: 10,
          capacity: f.capacity ?? 30,
          online: f.online ?? false,
          countyCode: f.countyCode === undefined ? '620123' : f.countyCode,
          address: '榆中县测试路1号',
          lat: f.lat === undefined ? 35.8431 : f.lat,
          lng: f.lng === undefined ? 104.1097 : f.lng,
          status: f.status ?? 'open',
          contact: f.contact ?? '榆中县就业服务中心 0931-0000000',
        },
      });
      services!.catalogChanged();
      return row.id;
    },
    user: (id, o) => t.chat.user(id, o),
    destroy: () => t.destroy(),
  };
}

/** Opens the details of the only course matching a unique keyword in 榆中 (e.g. a test course). */
export async function openCourse(u: FakeUser, keyword: string): Promise<string[]> {
  await u.says(`榆中有${keyword}班吗`);
  return u.says('1');
}

/**
 * Registers the usual hooks of a transcript file: one real knowledge base for the file, a fresh
 * course app per test, handed to `set` (so the file keeps a plain `let app` variable).
 */
export function useCourseApp(set: (app: CourseTestApp) => void): void {
  let k: Awaited<ReturnType<typeof realKnowledge>>;
  let current: CourseTestApp | undefined;
  beforeAll(async () => {
    k = await realKnowledge();
  });
  afterAll(async () => {
    await k.destroy();
  });
  beforeEach(async () => {
    current = await createCourseTestApp({ knowledge: k.kb });
    set(current);
  });
  afterEach(async () => {
    await current?.destroy();
  });
}
