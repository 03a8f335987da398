import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCourse, person, setup } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.destroy();
});

it('200 simultaneous sign-ups for 30 seats → exactly 30 confirmed, 170 waitlisted (positions 1..170)', async () => {
  const c = await makeCourse(env.db, { capacity: 30 });
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => env.services.enroll({ courseId: c.id, ...person(1000 + i) })));
  const ms = performance.now() - started;
  const confirmed = results.filter((r) => r.status === 'confirmed');
  const waitlisted = results.flatMap((r) => (r.status === 'waitlisted' ? [r.position] : []));
  expect(confirmed).toHaveLength(30);
  expect(waitlisted.sort((a, b) => a - b)).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));
  expect(await env.db.enrollment.count({ where: { courseId: c.id, status: 'confirmed' } })).toBe(30);
  expect(await env.db.enrollment.count({ where: { courseId: c.id, status: 'waitlisted' } })).toBe(170);
  expect((await env.services.get(c.id))?.status).toBe('full');
  console.log(`200 concurrent enroll(): ${ms.toFixed(0)} ms`);
});
