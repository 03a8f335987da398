import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSampleCatalog, readSampleCatalog } from '../../src/courses/sample-catalog.js';
import { silentLogger } from '../../src/shared/logger.js';
import { COURSE_CATEGORIES } from '../../src/courses/types.js';
import { expandKeyword } from '../../src/courses/synonyms.js';
import { setup } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>>;
const yuzhong = { lat: 35.8431, lng: 104.1097 };
beforeAll(async () => {
  env = await setup();
  expect(await ensureSampleCatalog(env.db, env.clock, silentLogger)).toBeGreaterThanOrEqual(60);
});
afterAll(async () => {
  await env.destroy();
});

describe('sample catalog', () => {
  it('is clearly marked, large and varied enough', async () => {
    const sample = readSampleCatalog();
    expect(sample.courses.length).toBeGreaterThanOrEqual(60);
    expect(new Set(sample.courses.map((c) => c.countyCode).filter(Boolean)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(sample.courses.map((c) => c.category))).toEqual(new Set(COURSE_CATEGORIES));
    expect(sample.courses.every((c) => c.title.includes('示例'))).toBe(true);
    expect(sample.courses.some((c) => c.online) && sample.courses.some((c) => c.mobile)).toBe(true);
    // No invented phone numbers anywhere in the sample.
    expect(JSON.stringify(sample)).not.toMatch(/1[3-9]\d{9}|0\d{2,3}-\d{7,8}/);
    const rows = await env.db.course.findMany();
    expect(rows.every((r) => r.isSample)).toBe(true);
    expect(rows.every((r) => r.startDate.getTime() > env.clock.now().getTime())).toBe(true);
  });

  it('loads only once', async () => {
    expect(await ensureSampleCatalog(env.db, env.clock, silentLogger)).toBe(0);
  });

  it('full sample courses really are full', async () => {
    const full = await env.db.course.findFirstOrThrow({ where: { status: 'full' } });
    expect((await env.services.get(full.id))?.seatsLeft).toBe(0);
  });
});

describe('search', () => {
  it('sorts by distance and shows km', async () => {
    const list = await env.services.search({ near: yuzhong, limit: 10 });
    expect(list).toHaveLength(10);
    const d = list.map((c) => c.distanceKm!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(list[0]!.county).toBe('榆中县');
    expect(d[0]).toBeLessThan(30);
  });

  it('filters by keyword with synonyms and by category', async () => {
    const cooks = await env.services.search({ near: yuzhong, q: '学厨师', limit: 20 });
    expect(cooks.length).toBeGreaterThan(0);
    expect(cooks.every((c) => /烹调|拉面|面点|厨/.test(c.title + c.occupation))).toBe(true);
    const shops = await env.services.search({ near: yuzhong, q: '开网店', limit: 20 });
    expect(shops.length).toBeGreaterThan(0);
    expect(shops.every((c) => /电子商务|电商|网店|直播带货|网络创业/.test(c.title + c.occupation))).toBe(true);
    const agri = await env.services.search({ near: yuzhong, category: '农业实用技术', limit: 50 });
    expect(agri.every((c) => c.category === '农业实用技术')).toBe(true);
    expect(expandKeyword('我想学电工')).toContain('电工');
  });

  it('pages without overlap', async () => {
    const p1 = await env.services.search({ near: yuzhong, limit: 3 });
    const p2 = await env.services.search({ near: yuzhong, limit: 3, offset: 3 });
    const all = await env.services.search({ near: yuzhong, limit: 6 });
    expect([...p1, ...p2].map((c) => c.id)).toEqual(all.map((c) => c.id));
  });

  it('openOnly hides closed courses; full ones stay (waitlist)', async () => {
    const list = await env.services.search({ limit: 100 });
    expect(list.some((c) => c.status === 'closed')).toBe(false);
    expect(list.some((c) => c.status === 'full')).toBe(true);
    const everything = await env.services.search({ limit: 100, openOnly: false });
    expect(everything.some((c) => c.status === 'closed')).toBe(true);
  });

  it('offers online courses when nothing is near, or when asked', async () => {
    const dunhuang = { lat: 40.1415, lng: 94.6609 };
    const far = await env.services.search({ near: dunhuang, q: '网店', limit: 5 });
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((c) => c.online && c.distanceKm === undefined)).toBe(true);
    const none = await env.services.search({ near: dunhuang, q: '网店', includeOnline: false });
    expect(none).toEqual([]);
    const mixed = await env.services.search({ near: yuzhong, q: '电工', includeOnline: true, limit: 50 });
    expect(mixed.some((c) => c.online)).toBe(true);
    expect(mixed.findIndex((c) => c.online)).toBeGreaterThan(0); // after the classroom ones
  });

  it('sees new courses after the catalog changes', async () => {
    await env.db.course.create({
      data: {
        code: 'NEW-1', title: '无人机驾驶员培训', occupation: '无人机驾驶员', category: '就业技能培训',
        startDate: new Date(Date.UTC(2027, 0, 10)), endDate: new Date(Date.UTC(2027, 0, 20)), durationDays: 11,
        capacity: 10, countyCode: '620123', lat: 35.85, lng: 104.11,
      },
    });
    env.services.catalogChanged();
    const list = await env.services.search({ near: yuzhong, q: '无人机' });
    expect(list.map((c) => c.code)).toEqual(['NEW-1']);
  });

  it('notices changes made by another process (import CLI) within the stale-check interval', async () => {
    await env.services.search({ q: '烘焙' }); // index built
    await env.db.course.create({
      data: {
        code: 'EXT-1', title: '烘焙师培训', occupation: '西式面点师', category: '就业技能培训',
        startDate: new Date(Date.UTC(2027, 0, 10)), endDate: new Date(Date.UTC(2027, 0, 20)), durationDays: 11,
        capacity: 10, countyCode: '620123', lat: 35.85, lng: 104.11,
      },
    });
    expect(await env.services.search({ q: '烘焙' })).toEqual([]);
    env.clock.advance(16_000);
    expect((await env.services.search({ q: '烘焙' })).map((c) => c.code)).toEqual(['EXT-1']);
  });
});
