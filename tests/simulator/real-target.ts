/**
 * The real app as a simulator target: the same runtime `npm start` builds (every default
 * feature, the real course services with the sample catalog, the real policy knowledge base, no
 * LLM), on a throwaway SQLite file, with the staff HTTP API listening on 127.0.0.1.
 *
 * - WeChat-like users talk through the simulator channel (`bot.handle` with the app's SimChannel,
 *   exactly what POST /api/sim/messages does, without the HTTP hop or its rate limits).
 * - SMS users talk through a real SmsChannel (70-character segments, paging with 8, opt-out) over
 *   the console provider; the person reads every segment sent to their number during the turn.
 * - The judge reads sign-ups and handoffs through the staff API (bearer login), the catalog,
 *   clauses and the opt-out list from the database (no API lists them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildRuntime, type Runtime } from '../../src/app/runtime.js';
import { createSmsChannel } from '../../src/integrations/sms/index.js';
import { ConsoleProvider } from '../../src/integrations/sms/providers/console.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { ObservedClause, ObservedCourse, ObservedEnrollment, ObservedHandoff, Observer, OutgoingMessage, Persona, Target } from './types.js';

const STAFF = 'sim-staff';
const channelOf = (c: Persona['channel']) => (c === 'sms' ? 'sms' : 'sim');

export async function createRealTarget(): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-sim-'));
  const password = randomBytes(12).toString('base64url');
  const runtime: Runtime = await buildRuntime(
    {
      DATABASE_URL: `file:${path.join(dir, 'sim.db')}`,
      LOG_LEVEL: 'silent',
      SEED_SAMPLE_CATALOG: 'true',
      SIM_ENABLED: 'true',
      ADMIN_USERNAME: STAFF,
      ADMIN_PASSWORD: password,
    },
    { logLevel: 'silent' },
  );
  const { app } = runtime;
  const db = app.services.db;
  await app.staff.ensureAdmin(STAFF, password);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.http.listen(0, '127.0.0.1', () => resolve(s));
  });
  runtime.markReady();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new ConsoleProvider(silentLogger, 10_000);
  const sms = createSmsChannel({
    config: { provider: 'console', maxSegments: 3, allowedIps: [] },
    bot: app.bot,
    db,
    log: silentLogger,
    clock: app.services.clock,
    provider,
  });
  app.notifier.register(sms.adapter);

  const login = await fetch(`${base}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: STAFF, password }),
  });
  if (!login.ok) throw new Error(`staff login failed: ${login.status}`);
  const { token } = (await login.json()) as { token: string };

  async function staff<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/api/admin${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} /api/admin${route} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  let courses: ObservedCourse[] | undefined;
  let clauses: ObservedClause[] | undefined;
  const observer: Observer = {
    async courses() {
      courses ??= (await db.course.findMany({ orderBy: { id: 'asc' } })).map((c) => ({
        id: c.id,
        title: c.title,
        occupation: c.occupation,
        category: c.category,
        online: c.online,
        lat: c.lat,
        lng: c.lng,
        eligibleGroups: JSON.parse(c.eligibleGroups) as string[],
      }));
      return courses;
    },
    async enrollments(courseId) {
      const r = await staff<{ enrollments: ObservedEnrollment[] }>('GET', `/courses/${courseId}/enrollments`);
      return r.enrollments.map((e) => ({ ...e, courseId }));
    },
    async handoffs(user) {
      const identity = await db.channelIdentity.findUnique({
        where: { channel_channelUserId: { channel: channelOf(user.channel), channelUserId: user.userId } },
      });
      const all = (await staff<{ handoffs: (ObservedHandoff & { userId: number })[] }>('GET', '/handoffs?status=open&limit=500')).handoffs;
      return all.filter((h) => h.userId === identity?.userId);
    },
    async clauses() {
      clauses ??= (await db.policyClause.findMany()).map((c) => ({ label: c.label, text: c.text }));
      return clauses;
    },
    async smsSuppressed(phone) {
      // Opt-outs are per person (every channel): the person behind this SMS number.
      const identity = await db.channelIdentity.findUnique({ where: { channel_channelUserId: { channel: 'sms', channelUserId: phone } } });
      return identity ? Boolean(await db.notificationOptOut.findUnique({ where: { userId: identity.userId } })) : false;
    },
  };

  return {
    observer,
    async send(userId: string, channel: Persona['channel'], m: OutgoingMessage) {
      if (channel === 'sms') {
        const before = provider.outbox.length;
        await sms.adapter.receive({ from: userId, text: m.text ?? '', messageId: randomUUID(), receivedAt: new Date() });
        const segments = provider.outbox.slice(before).filter((s) => s.to === userId).map((s) => s.text);
        // A person reads the SMS of one reply as one text, in order.
        return segments.length ? [segments.join('\n')] : [];
      }
      const result = await app.bot.handle(
        {
          channel: 'sim',
          channelUserId: userId,
          messageId: randomUUID(),
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.location ? { location: m.location } : {}),
          receivedAt: new Date(),
        },
        app.sim,
      );
      return result.replies.map((r) => r.text);
    },
    async seedEnrollment(userId, channel, courseId, persona) {
      // No API signs up a chat user as themselves: create the user as their first message would,
      // then sign them up through the courses domain (as the chat's sign-up does).
      const user = await db.user.create({
        data: { identities: { create: { channel: channelOf(channel), channelUserId: userId } } },
      });
      await app.services.courses.enroll({
        courseId,
        userId: user.id,
        name: persona.name,
        phone: persona.phone,
        groups: [],
        consent: true,
        via: 'self',
      });
    },
    async fillCourse(courseId) {
      const res = await fetch(`${base}/api/courses/${courseId}`);
      const course = (await res.json()) as { seatsLeft?: number; course?: { seatsLeft: number } };
      const left = course.seatsLeft ?? course.course?.seatsLeft ?? 0;
      for (let i = 0; i < left; i++) {
        await staff('POST', `/courses/${courseId}/enrollments`, {
          name: `占位学员${i + 1}`,
          phone: `170${String(courseId).padStart(4, '0')}${String(i).padStart(4, '0')}`,
          groups: [],
          consent: true,
        });
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
