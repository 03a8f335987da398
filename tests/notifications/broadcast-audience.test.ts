/**
 * Broadcast audiences by county and by group (answered by SQLite, see broadcasts.ts): a person's
 * county comes from their profile, their sign-ups' courses or their interests; their groups from
 * their profile or a sign-up; malformed or non-array stored groups match nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteOutboundQueue } from '../../src/bot/sqlite-outbound-queue.js';
import { Broadcasts } from '../../src/notifications/broadcasts.js';
import { makeCourse } from '../courses/helpers.js';
import { FakeClock } from '../helpers/clock.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

let t: TestDb;
let broadcasts: Broadcasts;
const u: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDb();
  const people: [string, string | null, string][] = [
    ['yzMigrant', '620123', '["migrant"]'],
    ['hnBadJson', '620422', 'not json'],
    ['enrolledYz', null, '[]'],
    ['interestedYz', null, '[]'],
    ['objectGroups', null, '{"a":"migrant"}'],
    ['hnTwoGroups', '620422', '["poverty","migrant"]'],
    ['nobody', null, '[]'],
  ];
  for (const [name, countyCode, groups] of people) u[name] = (await t.db.user.create({ data: { countyCode, groups } })).id;
  const yz = await makeCourse(t.db, { countyCode: '620123' });
  const hn = await makeCourse(t.db, { countyCode: '620422' });
  const enroll = (courseId: number, userId: number, groups: string) =>
    t.db.enrollment.create({ data: { courseId, userId, name: '学员', phone: '13900000000', groups, status: 'confirmed' } });
  await enroll(yz.id, u.enrolledYz!, '["returnee"]');
  await enroll(hn.id, u.hnBadJson!, '["migrant"]');
  await t.db.courseInterest.create({ data: { userId: u.interestedYz!, keyword: '电工', countyCode: '620123' } });
  const clock = new FakeClock();
  broadcasts = new Broadcasts({
    db: t.db,
    clock,
    queue: new SqliteOutboundQueue(t.db),
    channels: { adapters: () => [] },
    sender: { routesFor: async () => [] },
    places: {
      counties: () =>
        [
          { countyCode: '620123', county: '榆中县', prefecture: '兰州市' },
          { countyCode: '620422', county: '会宁县', prefecture: '白银市' },
        ] as never,
    },
    config: { ANNOUNCEMENTS_PER_WEEK: 2, SMS_COST_PER_SEGMENT: 0.05 },
  });
});
afterAll(() => t.destroy());

const who = async (audience: Parameters<Broadcasts['resolve']>[0]) => {
  const ids = (await broadcasts.resolve(audience)).map((r) => r.userId);
  return Object.keys(u).filter((name) => ids.includes(u[name]!));
};

describe('broadcast audience', () => {
  it('a county: profile, sign-up course or interest', async () => {
    expect(await who({ counties: ['榆中县'] })).toEqual(['yzMigrant', 'enrolledYz', 'interestedYz']);
    expect(await who({ prefectures: ['白银市'] })).toEqual(['hnBadJson', 'hnTwoGroups']);
  });

  it('a group: profile or sign-up; malformed or non-array groups match nothing', async () => {
    expect(await who({ groups: ['农民工'] })).toEqual(['yzMigrant', 'hnBadJson', 'hnTwoGroups']);
    expect(await who({ groups: ['returnee'] })).toEqual(['enrolledYz']);
  });

  it('filters combine with AND, and a broadcast queues exactly those people', async () => {
    expect(await who({ counties: ['会宁县'], groups: ['migrant'] })).toEqual(['hnBadJson', 'hnTwoGroups']);
    const created = await broadcasts.create({ text: '通知', audience: { counties: ['榆中县'], groups: ['migrant', 'returnee'] }, who: { id: 0, username: 'a', role: 'admin', countyCode: null, institutionId: null } });
    expect(created.recipients).toBe(2);
    const rows = await t.db.outboxMessage.findMany({ where: { broadcastId: created.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.userId, r.idempotencyKey])).toEqual([u.yzMigrant!, u.enrolledYz!].map((id) => [id, `broadcast:${created.id}:${id}`]));
  });
});
