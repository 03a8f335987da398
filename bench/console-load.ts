/**
 * First load of the staff console on a throttled connection (Chromium CDP: 400 kbit/s, 400 ms
 * RTT): bytes transferred and time until the login form is usable. Needs /usr/bin/chromium and
 * a built console (npm run build:console). Prints numbers; no thresholds.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium } from 'playwright-core';
import { consoleStaticRoutes } from '../src/http/routes/console-static.js';

const app = express();
app.use(consoleStaticRoutes(path.resolve(import.meta.dirname, '../dist/admin')));
app.use('/api/admin/me', (_req, res) => void res.status(401).json({ error: '需要登录' }));
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/admin/`;
const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'bench-profile-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
let bytes = 0;
cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
const t0 = performance.now();
await page.goto(url);
await page.waitForSelector('input[name=username]');
const tti = performance.now() - t0;
console.log(`console first load: ${(bytes / 1024).toFixed(1)} KB transferred, login form usable after ${Math.round(tti)} ms (400 kbit/s, 400 ms RTT)`);
await ctx.close();
server.close();
