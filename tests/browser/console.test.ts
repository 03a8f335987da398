/**
 * The staff console in real Chromium (Debian's `chromium`, driven by playwright-core): log in,
 * import a catalog file and see the dry-run errors, create a course, answer an inbox request and
 * see the person receive it (sim pending messages), a county account cannot open another
 * county's course, a county account manages synonyms. Screenshots go to tests/browser/screenshots/ (not committed).
 * Skipped when /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourse } from '../courses/helpers.js';
import type { TestApp } from '../helpers/fake-channel.js';
import type { Listening } from '../helpers/http.js';
import { CHROMIUM, loginAs as login, newPage as openPage, shots, startConsole, type ConsoleHarness } from './harness.js';

let h: ConsoleHarness;
let t: TestApp;
let http: Listening;
let browser: BrowserContext;
let userDir: string;
let otherCourse: number;

const newPage = (width = 1280, height = 800) => openPage(browser, width, height);
const loginAs = (page: Page, username: string, password: string) => login(page, http.url, username, password);

describe.skipIf(!existsSync(CHROMIUM))('staff console in Chromium', () => {
  beforeAll(async () => {
    h = await startConsole();
    ({ t, http, browser, userDir } = h);
    await t.app.staff.createStaff({ username: 'anding', password: 'password-123', role: 'county', countyCode: '621102' });
    otherCourse = (await makeCourse(t.db, { countyCode: '620123', title: '榆中电工班' })).id;
    await makeCourse(t.db, { countyCode: '621102', title: '安定焊工班' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('logs in, shows dry-run import errors row by row, creates a course', async () => {
    const page = await newPage();
    await loginAs(page, 'admin', 'password-123');
    await page.waitForSelector('text=榆中电工班');
    const csv = path.join(userDir, 'catalog.csv');
    writeFileSync(csv, '课程编码,课程名称,工种,培训类别,开班日期,结束日期,名额,县区\nB-1,焊工班,焊工,就业技能培训,2026-12-20,2026-12-30,20,榆中县\nB-2,厨师班,中式烹调师,烹饪培训,2026-12-20,2026-12-30,20,火星县\n');
    await page.setInputFiles('#file', csv);
    await page.click('#dry');
    await page.waitForSelector('#report table');
    await page.screenshot({ path: path.join(shots, 'import-dry-run.png'), fullPage: true });
    const report = await page.textContent('#report');
    expect(report).toContain('错误1行（仅检查，未写入）');
    expect(report).toContain('第3行');
    expect(report).toContain('「培训类别」应为');

    await page.click('#new');
    await page.fill('#cf input[name=code]', 'UI-1');
    await page.fill('#cf input[name=title]', '浏览器新建面点班');
    await page.fill('#cf input[name=occupation]', '面点师');
    await page.fill('#cf input[name=startDate]', '2026-12-21');
    await page.fill('#cf input[name=endDate]', '2026-12-31');
    await page.selectOption('#cf select[name=countyCode]', '620123');
    await page.click('#cf button:has-text("创建")');
    await page.waitForSelector('text=浏览器新建面点班');
    expect(await t.db.course.findUnique({ where: { code: 'UI-1' } })).toMatchObject({ title: '浏览器新建面点班', countyCode: '620123' });
    await page.screenshot({ path: path.join(shots, 'courses.png'), fullPage: true });
  }, 60_000);

  it('answers an inbox request and the person receives the reply', async () => {
    await http.post('/api/sim/messages', { userId: 'farmer1', text: '电焊证咋考' });
    await http.post('/api/sim/messages', { userId: 'farmer1', text: '人工' });
    const page = await newPage(390, 844); // a phone
    await loginAs(page, 'admin', 'password-123');
    await page.goto(`${http.url}/admin/#/inbox`);
    await page.waitForSelector('text=电焊证咋考');
    const card = page.locator('.card', { hasText: '找人工' });
    await card.locator('textarea').fill('电焊证请到县人社局报名考试，带身份证。');
    await card.locator('input[name=qa]').check();
    await page.screenshot({ path: path.join(shots, 'inbox-phone.png'), fullPage: true });
    await card.locator('button:has-text("发送回复")').click();
    await page.waitForSelector('text=没有待处理的请求', { timeout: 10_000 }).catch(() => {});
    // The reply is queued; the outbound sender (a job in the running app) delivers it.
    await expect.poll(() => t.db.outboxMessage.count({ where: { kind: 'handoff-reply' } })).toBe(1);
    await t.deliver();
    const pending = (await (await http.get('/api/sim/messages/pending?userId=farmer1')).json()) as { messages: { text: string }[] };
    expect(JSON.stringify(pending)).toContain('电焊证请到县人社局报名考试');
    expect(await t.db.knowledgeQa.count()).toBe(1);
  }, 60_000);

  it('a county account adds and deletes a synonym on the knowledge page', async () => {
    const page = await newPage(390, 844);
    await loginAs(page, 'anding', 'password-123');
    await page.goto(`${http.url}/admin/#/kb`);
    await page.waitForSelector('#sf');
    await page.fill('#sf input[name=word]', '巴郎子');
    await page.fill('#sf input[name=replacement]', '子女 两后生');
    await page.click('#sf button');
    await page.waitForSelector('[data-syn]');
    expect(await t.db.knowledgeSynonym.findUnique({ where: { word: '巴郎子' } })).toMatchObject({ replacement: '子女 两后生', createdBy: 'anding' });
    await page.screenshot({ path: path.join(shots, 'kb-synonyms-phone.png'), fullPage: true });
    await page.click('[data-syn]');
    await page.waitForSelector('text=还没有人工添加的同义词');
    expect(await t.db.knowledgeSynonym.count()).toBe(0);
  }, 60_000);

  it('a county account cannot open another county\'s course', async () => {
    const page = await newPage();
    await loginAs(page, 'anding', 'password-123');
    await page.waitForSelector('text=安定焊工班');
    expect(await page.textContent('#list')).not.toContain('榆中电工班');
    await page.goto(`${http.url}/admin/#/course/${otherCourse}`);
    await page.waitForSelector('.err');
    expect(await page.textContent('main')).toContain('没有找到这个课程');
    await page.screenshot({ path: path.join(shots, 'county-denied.png'), fullPage: true });
  }, 60_000);
});
