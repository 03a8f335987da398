/** Search with `preferGroups`: courses for the searcher's stated groups first, distance order and paging kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourse, setup } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>>;
const home = { lat: 36.0, lng: 100.0 };
/** Course title → id, created at increasing distance (0.05° ≈ 5.6 km apart) from `home`. */
const ids = new Map<string, number>();
const LAYOUT: [title: string, groups: string[]][] = [
  ['open1', []],
  ['vet1', ['veteran']],
  ['open2', []],
  ['lhs1', ['lianghousheng', 'poverty']],
  ['open3', []],
  ['dis1', ['disabled']],
  ['lhs2', ['lianghousheng']],
  ['open4', []],
];

beforeAll(async () => {
  env = await setup();
  for (const [i, [title, groups]] of LAYOUT.entries()) {
    const c = await makeCourse(env.db, { title, occupation: '偏好测试工种', lat: home.lat + 0.05 * (i + 1), lng: home.lng, eligibleGroups: JSON.stringify(groups) });
    ids.set(title, c.id);
  }
  // Online ones: appended after the nearby ones, the group's course first there too.
  for (const [title, groups, days] of [['onlineOpen', [], 10], ['onlineLhs', ['lianghousheng'], 20]] as const) {
    const c = await makeCourse(env.db, { title, occupation: '偏好测试工种', online: true, lat: null, lng: null, countyCode: null, eligibleGroups: JSON.stringify(groups), startDate: new Date(Date.UTC(2026, 11, days)) });
    ids.set(title, c.id);
  }
  env.services.catalogChanged();
});
afterAll(async () => {
  await env.destroy();
});

const titles = (list: { id: number }[]) => list.map((c) => [...ids].find(([, id]) => id === c.id)![0]);
const query = { near: home, q: '偏好测试工种', maxDistanceKm: 100, includeOnline: true };

describe('search with preferGroups', () => {
  it('without stated groups: plain distance order', async () => {
    expect(titles(await env.services.search({ ...query, limit: 20 }))).toEqual([...LAYOUT.map(([t]) => t), 'onlineOpen', 'onlineLhs']);
  });

  it("puts the group's courses first, nearest first; other groups' courses keep their place among the rest", async () => {
    const list = await env.services.search({ ...query, preferGroups: ['lianghousheng'], limit: 20 });
    expect(titles(list)).toEqual(['lhs1', 'lhs2', 'open1', 'vet1', 'open2', 'open3', 'dis1', 'open4', 'onlineLhs', 'onlineOpen']);
    const near = list.filter((c) => !c.online);
    expect(near.slice(0, 2).map((c) => c.distanceKm!)).toEqual([...near.slice(0, 2).map((c) => c.distanceKm!)].sort((a, b) => a - b));
  });

  it('pages continue each other without repeats or gaps, for every page size', async () => {
    const whole = titles(await env.services.search({ ...query, preferGroups: ['lianghousheng'], limit: 20 }));
    expect(whole.slice(0, 2)).toEqual(['lhs1', 'lhs2']);
    for (const size of [1, 2, 3, 4]) {
      const paged: string[] = [];
      for (let offset = 0; offset < whole.length + size; offset += size) {
        paged.push(...titles(await env.services.search({ ...query, preferGroups: ['lianghousheng'], limit: size, offset })));
      }
      expect(paged, `page size ${size}`).toEqual(whole);
    }
  });

  it('any of several stated groups counts; a group with no course changes nothing', async () => {
    expect(titles(await env.services.search({ ...query, preferGroups: ['disabled', 'veteran'], limit: 3 }))).toEqual(['vet1', 'dis1', 'open1']);
    expect(titles(await env.services.search({ ...query, preferGroups: ['women'], limit: 3 }))).toEqual(['open1', 'vet1', 'open2']);
  });

  it('without a point (start-date order) the group comes first as well', async () => {
    const list = titles(await env.services.search({ q: '偏好测试工种', preferGroups: ['lianghousheng'], limit: 20 }));
    expect(list.slice(0, 3).sort()).toEqual(['lhs1', 'lhs2', 'onlineLhs']);
    expect(list).toHaveLength(10);
  });
});

describe('a course for the group far away', () => {
  it('keeps its distance order beyond PREFER_GROUP_KM: the open class nearby comes first', async () => {
    const q = { near: home, q: '远近测试工种', maxDistanceKm: 150 };
    const open = await makeCourse(env.db, { title: 'openNear', occupation: '远近测试工种', lat: home.lat + 0.1, lng: home.lng, eligibleGroups: '[]' });
    const far = await makeCourse(env.db, { title: 'lhsFar', occupation: '远近测试工种', lat: home.lat + 0.8, lng: home.lng, eligibleGroups: '["lianghousheng"]' });
    const mid = await makeCourse(env.db, { title: 'lhsMid', occupation: '远近测试工种', lat: home.lat + 0.4, lng: home.lng, eligibleGroups: '["lianghousheng"]' });
    env.services.catalogChanged();
    // ~44 km: within reach of the preference, listed first; ~89 km: in its distance place.
    const list = await env.services.search({ ...q, preferGroups: ['lianghousheng'], limit: 10 });
    expect(list.map((c) => c.id)).toEqual([mid.id, open.id, far.id]);
    const paged = [
      ...(await env.services.search({ ...q, preferGroups: ['lianghousheng'], limit: 1, offset: 0 })),
      ...(await env.services.search({ ...q, preferGroups: ['lianghousheng'], limit: 1, offset: 1 })),
      ...(await env.services.search({ ...q, preferGroups: ['lianghousheng'], limit: 1, offset: 2 })),
    ];
    expect(paged.map((c) => c.id)).toEqual([mid.id, open.id, far.id]);
  });
});
