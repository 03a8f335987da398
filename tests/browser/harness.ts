/**
 * What the console's browser tests share: the console built into a temporary folder, a test app
 * serving it (courses + console features, the fake channel, the sim API), and Debian's chromium
 * launched by playwright-core with a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { use } from '../../src/bot/feature.js';
import { createCourseServices, type CourseAdminServices } from '../../src/courses/index.js';
import { consoleFeature } from '../../src/features/console.js';
import { coursesFeature } from '../../src/features/courses.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createTestApp, type TestApp } from '../helpers/fake-channel.js';
import { listen, type Listening } from '../helpers/http.js';

export const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '../..');
export const shots = path.join(root, 'tests/browser/screenshots');
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface ConsoleHarness {
  t: TestApp;
  http: Listening;
  browser: BrowserContext;
  userDir: string;
  close(): Promise<void>;
}

/** Builds the console, starts the app with an admin (password-123) and launches chromium. */
export async function startConsole(launch: { locale?: string; timezoneId?: string } = {}): Promise<ConsoleHarness> {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  await build({ configFile: path.join(root, 'console/vite.config.ts'), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
  const t = await createTestApp({
    courses: ({ db, clock }) => createCourseServices({ db, clock, log: silentLogger }),
    features: (services, app) => [
      use(coursesFeature, { http: services.courses as CourseAdminServices }),
      use(consoleFeature, { courses: services.courses as CourseAdminServices, queue: app.queue, dist }),
    ],
  });
  const http = await listen(t.app.http);
  await t.app.staff.ensureAdmin('admin', 'password-123');
  mkdirSync(shots, { recursive: true });
  const userDir = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const browser = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...launch });
  return {
    t,
    http,
    browser,
    userDir,
    async close() {
      await browser.close();
      await http.close();
      await t.destroy();
      rmSync(userDir, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** A new page, logged out (one persistent profile: cookies cleared). */
export async function newPage(browser: BrowserContext, width = 1280, height = 800): Promise<Page> {
  await browser.clearCookies();
  const page = await browser.newPage();
  await page.setViewportSize({ width, height });
  return page;
}

/** Logs in through the console's login form. */
export async function loginAs(page: Page, baseUrl: string, username: string, password = 'password-123'): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("登录")');
  await page.waitForSelector('header');
}
