/**
 * Staff-managed synonyms (/api/admin/knowledge/synonyms): a staff entry changes retrieval at once
 * (a question only the new word connects to the policy gets answered), admin and county only,
 * validated, audited, removable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import { consoleFeature } from '../../src/features/console.js';
import { createKnowledgeBase, ensureDefaultCorpus } from '../../src/knowledge/index.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

let t: TestApp;
let http: Listening;
let real: KnowledgeBase;
const H: Record<string, Record<string, string>> = {};
// The app is built before its database holds the corpus; this forwards to the real base built after.
const knowledge = new Proxy({} as KnowledgeBase, { get: (_t, p) => (real as unknown as Record<string | symbol, unknown>)[p] });

async function bearerOf(username: string): Promise<Record<string, string>> {
  const res = await http.post('/api/admin/login', { username, password: 'password-123' });
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}
const del = (path: string, headers: Record<string, string>) => fetch(http.url + path, { method: 'DELETE', headers });
const test = async (question: string) =>
  (await (await http.post('/api/admin/kb/test', { question }, H.admin)).json()) as { answer: { answered: boolean; text: string } };

beforeAll(async () => {
  t = await createTestApp({
    knowledge,
    courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
    features: (services, app) => [use(consoleFeature, { courses: services.courses as CourseAdminServices, queue: app.queue })],
  });
  await ensureDefaultCorpus(t.db, silentLogger);
  real = await createKnowledgeBase({ db: t.db, log: silentLogger });
  http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  H.admin = await bearerOf('admin');
  const inst = await t.db.institution.create({ data: { code: 'I1', name: '榆中职校', type: '职业院校', countyCode: '620123' } });
  for (const body of [{ username: 'yz', role: 'county', county: '620123' }, { username: 'inst', role: 'institution', institutionId: inst.id }])
    expect((await http.post('/api/admin/staff', { password: 'password-123', ...body }, H.admin)).status).toBe(201);
  H.yz = await bearerOf('yz');
  H.inst = await bearerOf('inst');
});
afterAll(async () => {
  await http.close();
  await t.destroy();
});

describe('staff synonyms', () => {
  it('a county account adds a word; the next question is answered through it; deleting undoes it', async () => {
    expect((await test('巴郎子能参加啥')).answer.answered).toBe(false);
    const res = await http.post('/api/admin/knowledge/synonyms', { word: '巴郎子', replacement: '子女 孩子 两后生' }, H.yz);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect((await test('巴郎子能参加啥')).answer.answered).toBe(true);
    const ask = (await (await http.post('/api/ask', { question: '巴郎子能参加啥' })).json()) as { answered: boolean };
    expect(ask.answered).toBe(true);

    const list = (await (await http.get('/api/admin/knowledge/synonyms', H.yz)).json()) as { synonyms: Array<{ word: string; source: string; createdBy?: string }> };
    expect(list.synonyms.find((s) => s.word === '巴郎子')).toMatchObject({ source: 'staff', createdBy: 'yz' });
    expect(list.synonyms.find((s) => s.word === '俺')).toMatchObject({ source: 'shipped', replacement: '我' });
    const audit = await t.db.auditLog.findMany({ where: { action: { startsWith: 'kb.synonym' } } });
    expect(audit.map((a) => a.action)).toEqual(['kb.synonym.create']);

    expect((await http.post('/api/admin/knowledge/synonyms', { word: '巴郎子', replacement: '孩子' }, H.admin)).status).toBe(409);
    expect((await del(`/api/admin/knowledge/synonyms/${id}`, H.admin)).status).toBe(200);
    expect((await del(`/api/admin/knowledge/synonyms/${id}`, H.admin)).status).toBe(404);
    expect((await test('巴郎子能参加啥')).answer.answered).toBe(false);
  });

  it('a staff entry overrides the shipped expansions of the same word', async () => {
    const res = await http.post('/api/admin/knowledge/synonyms', { word: '婆姨', replacement: '女性' }, H.admin);
    expect(res.status).toBe(201);
    const list = (await (await http.get('/api/admin/knowledge/synonyms', H.admin)).json()) as { synonyms: Array<{ word: string; source: string; overridden?: boolean }> };
    expect(list.synonyms.filter((s) => s.word === '婆姨').map((s) => [s.source, s.overridden ?? false])).toEqual([
      ['staff', false],
      ['shipped', true],
    ]);
    const { id } = (await res.json()) as { id: number };
    expect((await del(`/api/admin/knowledge/synonyms/${id}`, H.admin)).status).toBe(200);
  });

  it('institution accounts are refused; bad words are refused with a reason and nothing is stored', async () => {
    expect((await http.get('/api/admin/knowledge/synonyms', H.inst)).status).toBe(403);
    expect((await http.post('/api/admin/knowledge/synonyms', { word: '巴郎子', replacement: '孩子' }, H.inst)).status).toBe(403);
    expect((await http.post('/api/admin/knowledge/synonyms', { word: '巴郎子', replacement: '孩子' })).status).toBe(401);
    for (const body of [
      { word: '', replacement: '孩子' },
      { word: '巴郎子', replacement: '  ' },
      { word: '巴郎子', replacement: '巴郎子' },
      { word: '巴郎子', replacement: '孩子 巴郎子' },
      { word: '<b>', replacement: '孩子' },
      { word: '这是一个非常非常长的词语不行的', replacement: '孩子' },
      { word: '巴郎子' },
    ]) {
      const res = await http.post('/api/admin/knowledge/synonyms', body, H.admin);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/[\u4e00-\u9fff]/u);
    }
    expect(await t.db.knowledgeSynonym.count()).toBe(0);
  });
});
