/**
 * Broadcasts and the dashboard in real Chromium (Debian's `chromium`, driven by playwright-core):
 * a county account sends a broadcast to its county from the console, the sender runs, the
 * simulated users of that county receive it (sim pending messages) and the others do not; another
 * county's account sees neither it in the list nor it by id; the dashboard draws its charts.
 * Screenshots go to tests/browser/screenshots/ (not committed). Skipped without /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourse } from '../courses/helpers.js';
import type { TestApp } from '../helpers/fake-channel.js';
import type { Listening } from '../helpers/http.js';
import { CHROMIUM, loginAs as login, newPage as openPage, shots, startConsole, type ConsoleHarness } from './harness.js';

const ANDING = '621102';
const YUZHONG = '620123';
const TEXT = '安定区电工培训班12月8日开课，免费培训，回复“找课程”报名。';

let h: ConsoleHarness;
let t: TestApp;
let http: Listening;
let browser: BrowserContext;
const consoleErrors: string[] = [];

async function newPage(width = 1280, height = 900): Promise<Page> {
  const page = await openPage(browser, width, height);
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  page.on('dialog', (d) => void d.accept());
  return page;
}
const loginAs = (page: Page, username: string) => login(page, http.url, username);
const pending = async (userId: string) =>
  ((await (await http.get(`/api/sim/messages/pending?userId=${userId}`)).json()) as { messages: { text: string }[] }).messages.map((m) => m.text);

describe.skipIf(!existsSync(CHROMIUM))('broadcasts and dashboard in Chromium', () => {
  beforeAll(async () => {
    h = await startConsole({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    ({ t, http, browser } = h);
    await t.app.staff.createStaff({ username: 'anding', password: 'password-123', role: 'county', countyCode: ANDING });
    await t.app.staff.createStaff({ username: 'yuzhong', password: 'password-123', role: 'county', countyCode: YUZHONG });
    const course = await makeCourse(t.db, { countyCode: ANDING, title: '安定焊工班' });
    // Simulated web-chat users: two in 安定区, one in 榆中县.
    for (const [userId, county] of [['ad-farmer1', ANDING], ['ad-farmer2', ANDING], ['yz-farmer', YUZHONG]] as const) {
      expect((await http.post('/api/sim/messages', { userId, text: '你好' })).status).toBeLessThan(300);
      await http.get(`/api/sim/messages/pending?userId=${userId}`); // the welcome is read
      const { userId: id } = await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: userId } });
      await t.db.user.update({ where: { id }, data: { countyCode: county } });
    }
    const farmer = (await t.db.channelIdentity.findFirstOrThrow({ where: { channelUserId: 'ad-farmer1' } })).userId;
    await t.db.enrollment.create({ data: { courseId: course.id, userId: farmer, name: '王五', phone: '13800000001', status: 'certified', outcome: 'employed' } });
    await t.db.enrollment.create({ data: { courseId: course.id, name: '赵六', phone: '13800000002', status: 'attended', outcome: 'seeking' } });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a county sends a broadcast to its county; its simulated users receive it, the others do not', async () => {
    const page = await newPage();
    await loginAs(page, 'anding');
    await page.click('header a:has-text("群发通知")');
    await page.waitForSelector('#bf');
    await page.fill('#bf textarea[name=text]', TEXT);
    // The live preview follows the typing: count, channels and the SMS text with its opt-out suffix.
    await page.waitForFunction((text) => document.querySelector('#smspv')?.textContent?.startsWith(text) === true, TEXT);
    expect(await page.textContent('#count')).toBe('2');
    expect(await page.textContent('#pv')).toMatch(/2\s*人将收到/);
    expect(await page.textContent('#routes')).toMatch(/^网页 2人\s*$/); // which route reaches whom
    expect(await page.textContent('#smspv')).toMatch(/拒收请回复R$/);
    await page.screenshot({ path: path.join(shots, 'broadcast-compose.png'), fullPage: true });
    await page.click('#send');
    await page.waitForSelector('#hist tr[data-b]');
    expect(await page.textContent('#hist')).toContain('排队中');

    const run = await t.deliver(); // the app's sender, once
    expect(run).toBeDefined();
    expect(await pending('ad-farmer1')).toContain(TEXT);
    expect(await pending('ad-farmer2')).toContain(TEXT);
    expect(await pending('yz-farmer')).not.toContain(TEXT);

    await page.reload();
    await page.waitForSelector('#hist tr[data-b]');
    await page.waitForSelector('#hist >> text=已完成');
    await page.click('#hist button:has-text("明细")');
    await page.waitForSelector('#det');
    await page.screenshot({ path: path.join(shots, 'broadcast-progress.png'), fullPage: true });
  }, 60_000);

  it('another county\'s account sees neither the broadcast in its list nor by id', async () => {
    const id = (await t.db.broadcast.findFirstOrThrow({ where: { text: TEXT } })).id;
    const page = await newPage(390, 844); // a phone
    await loginAs(page, 'yuzhong');
    await page.goto(`${http.url}/admin/#/broadcasts`);
    await page.waitForSelector('#hist >> text=还没有群发');
    expect(await page.textContent('main')).not.toContain('安定区电工培训班');
    const status = await page.evaluate(async (bid) => (await fetch(`/api/admin/broadcasts/${bid}`)).status, id);
    expect(status).toBe(404);
    await page.screenshot({ path: path.join(shots, 'broadcast-other-county.png'), fullPage: true });
  }, 60_000);

  it('the dashboard draws the funnel and the per-county figures', async () => {
    const page = await newPage();
    await loginAs(page, 'admin');
    await page.goto(`${http.url}/admin/#/dashboard`);
    await page.waitForSelector('svg.chart');
    const text = await page.textContent('#dash');
    expect(text).toContain('合格率');
    expect(text).toContain('50%'); // 1 certified of 2 attended
    expect(text).toContain('安定区');
    expect(await page.locator('svg.chart').count()).toBe(2);
    await page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
    const phone = await newPage(390, 844);
    await loginAs(phone, 'anding');
    await phone.goto(`${http.url}/admin/#/dashboard`);
    await phone.waitForSelector('svg.chart');
    await phone.screenshot({ path: path.join(shots, 'dashboard-phone.png'), fullPage: true });
    expect(consoleErrors.filter((e) => !/401|404/.test(e))).toEqual([]);
  }, 60_000);
});
