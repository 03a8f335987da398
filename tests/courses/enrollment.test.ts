import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseError } from '../../src/courses/types.js';
import { normalizeMobile } from '../../src/shared/phone.js';
import { makeCourse, person, setup } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.destroy();
});

const user = async (i: number) => env.db.user.create({ data: { name: `u${i}` } });

describe('normalizeMobile', () => {
  it('accepts mainland mobiles in common spellings', () => {
    expect(normalizeMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeMobile('0086 13812345678')).toBe('13812345678');
    expect(normalizeMobile('１３８１２３４５６７８')).toBe('13812345678');
    expect(normalizeMobile('8613812345678')).toBe('13812345678');
    expect(normalizeMobile('12812345678')).toBeNull();
    expect(normalizeMobile('1381234567')).toBeNull();
    expect(normalizeMobile('0931-1234567')).toBeNull();
  });
});

describe('enroll', () => {
  it('confirms until capacity, then waitlists in order; the course becomes full', async () => {
    const c = await makeCourse(env.db, { capacity: 2 });
    const r1 = await env.services.enroll({ courseId: c.id, ...person(1) });
    const r2 = await env.services.enroll({ courseId: c.id, ...person(2) });
    const r3 = await env.services.enroll({ courseId: c.id, ...person(3) });
    const r4 = await env.services.enroll({ courseId: c.id, ...person(4) });
    expect([r1.status, r2.status]).toEqual(['confirmed', 'confirmed']);
    expect(r3).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(r4).toMatchObject({ status: 'waitlisted', position: 2 });
    const view = await env.services.get(c.id);
    expect(view).toMatchObject({ status: 'full', seatsLeft: 0 });
    const consents = await env.db.consent.count({ where: { purpose: 'enrollment-data' } });
    expect(consents).toBeGreaterThanOrEqual(4);
  });

  it('rejects duplicates by phone and by user id', async () => {
    const c = await makeCourse(env.db);
    const u = await user(1);
    await env.services.enroll({ courseId: c.id, ...person(10), userId: u.id });
    await expect(env.services.enroll({ courseId: c.id, ...person(10) })).rejects.toMatchObject({ code: 'duplicate' });
    await expect(env.services.enroll({ courseId: c.id, ...person(11), userId: u.id })).rejects.toMatchObject({ code: 'duplicate' });
    // Same phone with a different spelling is the same person.
    await expect(env.services.enroll({ courseId: c.id, ...person(0), phone: '+86 139-0000-0010' })).rejects.toBeInstanceOf(CourseError);
  });

  it('checks eligibility groups', async () => {
    const c = await makeCourse(env.db, { eligibleGroups: JSON.stringify(['poverty', 'dibao']) });
    await expect(env.services.enroll({ courseId: c.id, ...person(20) })).rejects.toMatchObject({
      code: 'not-eligible',
      message: expect.stringContaining('建档立卡'),
    });
    const ok = await env.services.enroll({ courseId: c.id, ...person(21), groups: ['dibao'] });
    expect(ok.status).toBe('confirmed');
  });

  it('rejects closed, started or missing courses and bad input', async () => {
    const closed = await makeCourse(env.db, { status: 'closed' });
    await expect(env.services.enroll({ courseId: closed.id, ...person(30) })).rejects.toMatchObject({ code: 'closed' });
    const past = await makeCourse(env.db, { startDate: new Date(Date.UTC(2026, 10, 1)) });
    await expect(env.services.enroll({ courseId: past.id, ...person(31) })).rejects.toMatchObject({ code: 'closed' });
    await expect(env.services.enroll({ courseId: 999_999, ...person(32) })).rejects.toMatchObject({ code: 'not-found' });
    const c = await makeCourse(env.db);
    await expect(env.services.enroll({ courseId: c.id, ...person(33), phone: '12345' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('records proxy sign-ups with who recorded the consent', async () => {
    const c = await makeCourse(env.db);
    const r = await env.services.enroll({ courseId: c.id, ...person(40), via: 'proxy', proxyBy: 'staff1' });
    const e = await env.db.enrollment.findUniqueOrThrow({ where: { id: r.enrollmentId } });
    expect(e).toMatchObject({ via: 'proxy', proxyBy: 'staff1', phone: '13900000040' });
    const consent = await env.db.consent.findUniqueOrThrow({ where: { id: e.consentId! } });
    expect(consent).toMatchObject({ via: 'proxy', recordedBy: 'staff1', purpose: 'enrollment-data' });
  });
});

describe('cancel and promotion', () => {
  it('promotes the first waitlisted person and notifies them', async () => {
    const c = await makeCourse(env.db, { capacity: 1, title: '测试焊工班' });
    const [u1, u2, u3] = [await user(51), await user(52), await user(53)];
    const a = await env.services.enroll({ courseId: c.id, ...person(51), userId: u1.id });
    env.clock.advance(1000);
    const b = await env.services.enroll({ courseId: c.id, ...person(52), userId: u2.id });
    env.clock.advance(1000);
    await env.services.enroll({ courseId: c.id, ...person(53), userId: u3.id });
    expect(b).toMatchObject({ status: 'waitlisted', position: 1 });

    env.notifier.sent.length = 0;
    env.notifier.items.length = 0;
    await env.services.cancelEnrollment(a.enrollmentId, { userId: u1.id });
    expect(env.notifier.sent).toHaveLength(1);
    expect(env.notifier.sent[0]!.userId).toBe(u2.id);
    expect(env.notifier.sent[0]!.messages[0]).toMatchObject({ personal: true, text: expect.stringContaining('测试焊工班') });

    const mine = await env.services.listEnrollments(u2.id);
    expect(mine[0]).toMatchObject({ status: 'confirmed', label: '待开课' });
    const third = await env.services.listEnrollments(u3.id);
    expect(third[0]).toMatchObject({ status: 'waitlisted', position: 1, label: '候补第1位' });
    const first = await env.services.listEnrollments(u1.id);
    expect(first[0]).toMatchObject({ status: 'cancelled', label: '已取消' });
    expect((await env.services.get(c.id))?.status).toBe('full');

    // Staff listing: confirmed first, then the waitlist in order, then cancelled.
    const staffView = await env.services.listCourseEnrollments(c.id);
    expect(staffView.map((e) => e.status)).toEqual(['confirmed', 'waitlisted', 'cancelled']);
    expect(staffView[0]!.phoneMasked).toBe('139****0052');
  });

  it('reopens the course when a seat frees up with nobody waiting; others cannot cancel', async () => {
    const c = await makeCourse(env.db, { capacity: 1 });
    const u = await user(60);
    const a = await env.services.enroll({ courseId: c.id, ...person(60), userId: u.id });
    expect((await env.services.get(c.id))?.status).toBe('full');
    await expect(env.services.cancelEnrollment(a.enrollmentId, { userId: u.id + 1000 })).rejects.toMatchObject({ code: 'not-found' });
    await env.services.cancelEnrollment(a.enrollmentId, { staff: 'staff1' });
    expect(await env.services.get(c.id)).toMatchObject({ status: 'open', seatsLeft: 1 });
    await expect(env.services.cancelEnrollment(a.enrollmentId, { staff: 'staff1' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('a promoted person without a chat account is queued by phone (SMS reaches them, else the call list)', async () => {
    const c = await makeCourse(env.db, { capacity: 1 });
    const a = await env.services.enroll({ courseId: c.id, ...person(70) });
    const b = await env.services.enroll({ courseId: c.id, ...person(71) });
    env.notifier.sent.length = 0;
    env.notifier.items.length = 0;
    await env.services.cancelEnrollment(a.enrollmentId, { staff: 's' });
    expect(env.notifier.items).toMatchObject([{ userId: null, phone: person(71).phone, kind: 'waitlist-promoted', priority: 'transactional' }]);
    expect((await env.db.enrollment.findUniqueOrThrow({ where: { id: b.enrollmentId } })).status).toBe('confirmed');
  });
});

describe('interest', () => {
  it('stores one interest per keyword', async () => {
    const u = await user(80);
    await env.services.addInterest(u.id, { keyword: '电工', countyCode: '620123' });
    await env.services.addInterest(u.id, { keyword: '电工', countyCode: '620123' });
    expect(await env.db.courseInterest.count({ where: { userId: u.id } })).toBe(1);
  });
});
