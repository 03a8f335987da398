/**
 * Hostile HTTP requests over every public endpoint, from a seeded PRNG (mulberry32) so a failure
 * reproduces: wrong types, huge strings within the body limits, deep JSON, invalid UTF-8, lone
 * surrogates and control characters, XML entity bombs and external entities, random bytes,
 * garbage query strings. Used by tests/fuzz/endpoints.test.ts (a small run) and
 * bench/fuzz-endpoints.ts (10k requests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildRuntime, type Runtime } from '../../src/app/runtime.js';
import { sha1Signature } from '../../src/integrations/wechat-oa/index.js';

import { prng, type Rng } from '../../src/shared/random.js';

export { prng, type Rng };

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

export interface HostileRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Which generator made it (for the report). */
  kind: string;
}

const TEXTS = ['你好', '我想学电工', '榆中', '1', '报名', '取消', '删除我的信息', '13912345678', '620102199003151234', '菜单', ''];
const WEIRD = ['\u0000', '\u202e', '\u200b\u200b', '\ud800', '\udfff', '🇨🇳', '\r\n', '%00', '${jndi:x}', '<script>', "' OR 1=1 --", '../../etc/passwd', '\\u0000', 'NaN', '-1', '1e309'];

function randomString(r: Rng, max: number): string {
  const len = int(r, max);
  const parts: string[] = [];
  let n = 0;
  while (n < len) {
    const p = r() < 0.3 ? pick(r, WEIRD) : r() < 0.5 ? pick(r, TEXTS) : String.fromCharCode(int(r, 0xffff));
    parts.push(p);
    n += p.length;
  }
  return parts.join('');
}

function randomBytes(r: Rng, max: number): Buffer {
  const b = Buffer.alloc(int(r, max));
  for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
  return b;
}

/** A JSON value of any shape, at most `depth` deep. */
function randomValue(r: Rng, depth: number): unknown {
  const k = depth <= 0 ? int(r, 5) : int(r, 7);
  switch (k) {
    case 0: return null;
    case 1: return pick(r, [0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.5, 91, -181]);
    case 2: return r() < 0.5;
    case 3: return randomString(r, 40);
    case 4: return pick(r, TEXTS);
    case 5: return Array.from({ length: int(r, 4) }, () => randomValue(r, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 5); i > 0; i--) o[pick(r, ['userId', 'text', 'messageId', 'location', 'question', 'lat', 'lng', 'label', '__proto__', 'constructor', 'name', 'phone', 'consent', 'groups'])] = randomValue(r, depth - 1);
      return o;
    }
  }
}

function deepJson(r: Rng): string {
  const depth = 500 + int(r, 20_000);
  return r() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON-ish body for a JSON route (limit 64 KB). */
function jsonBody(r: Rng, near: Record<string, unknown>): { body: Buffer; kind: string } {
  const k = int(r, 9);
  switch (k) {
    case 0: return { kind: 'json-wrong-types', body: Buffer.from(JSON.stringify(randomValue(r, 4))) };
    case 1: return { kind: 'json-near-valid', body: Buffer.from(JSON.stringify({ ...near, ...(randomValue(r, 2) as object) })) };
    case 2: {
      const big = 'x'.repeat(1000 + int(r, 60_000));
      return { kind: 'json-huge-string', body: Buffer.from(JSON.stringify({ ...near, text: big, question: big, userId: big.slice(0, int(r, 200)) })) };
    }
    case 3: return { kind: 'json-deep', body: Buffer.from(deepJson(r)) };
    case 4: {
      const head = Buffer.from(JSON.stringify({ ...near, text: 'AAAA' }).replace('AAAA', ''));
      const at = head.indexOf('""') + 1;
      return { kind: 'json-invalid-utf8', body: Buffer.concat([head.subarray(0, at), randomBytes(r, 64), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), head.subarray(at)]) };
    }
    case 5: return { kind: 'json-lone-surrogate', body: Buffer.from(JSON.stringify({ ...near }).replace(/}$/, `,"text":"\\ud800${pick(r, WEIRD)}\\u0000\\u202e"}`)) };
    case 6: return { kind: 'random-bytes', body: randomBytes(r, 4096) };
    case 7: return { kind: 'json-truncated', body: Buffer.from(JSON.stringify(near).slice(0, int(r, 30))) };
    default: return { kind: 'json-valid', body: Buffer.from(JSON.stringify({ ...near, text: randomString(r, 200) })) };
  }
}

/** A hostile XML body for the WeChat OA webhook. */
function xmlBody(r: Rng): { body: Buffer; kind: string } {
  const k = int(r, 7);
  const user = `oFuzz${int(r, 50)}`;
  const msg = (content: string) =>
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName><CreateTime>${int(r, 2e9)}</CreateTime><MsgType><![CDATA[${pick(r, ['text', 'event', 'location', 'image', 'voice', 'x'])}]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${int(r, 1e15)}</MsgId><Event>${pick(r, ['subscribe', 'CLICK', 'LOCATION', ''])}</Event><Latitude>${r() * 400 - 200}</Latitude></xml>`;
  switch (k) {
    case 0: {
      const ents = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
      return { kind: 'xml-billion-laughs', body: Buffer.from(`<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol0 "lol">${ents}]>${msg('&lol10;')}`) };
    }
    case 1: return { kind: 'xml-external-entity', body: Buffer.from(`<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${msg('&xxe;')}`) };
    case 2: return { kind: 'xml-deep', body: Buffer.from('<xml>' + '<a>'.repeat(500 + int(r, 5000)) + '</a>'.repeat(100) + '</xml>') };
    case 3: return { kind: 'xml-huge-cdata', body: Buffer.from(msg(randomString(r, 2000) + 'y'.repeat(int(r, 200_000)))) };
    case 4: return { kind: 'xml-malformed', body: Buffer.from(msg(randomString(r, 100)).slice(0, int(r, 300))) };
    case 5: return { kind: 'random-bytes', body: randomBytes(r, 4096) };
    default: return { kind: 'xml-valid-ish', body: Buffer.from(msg(pick(r, TEXTS) + randomString(r, 50))) };
  }
}

/** Percent-encodes; a lone surrogate becomes its (invalid) UTF-8 bytes %ED%A0%80. */
function enc(s: string): string {
  return s
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

function garbageQuery(r: Rng, keys: string[]): string {
  const parts: string[] = [];
  for (let i = int(r, 6); i > 0; i--) {
    const key = pick(r, keys);
    const shape = int(r, 4);
    const v = enc(r() < 0.5 ? pick(r, [...TEXTS, ...WEIRD]) : randomString(r, 30));
    if (shape === 0) parts.push(`${key}=${v}`);
    else if (shape === 1) parts.push(`${key}[]=${v}&${key}[]=${v}`);
    else if (shape === 2) parts.push(`${key}[a][b]=${v}`);
    else parts.push(`${key}=%${pick(r, ['', 'zz', 'C3%28', 'FF', 'E0%80'])}`);
  }
  return parts.join('&');
}

/** Everything the generator needs to sign what should be signed. */
export interface FuzzTarget {
  oaToken: string;
  smsProvider: 'kannel' | 'aliyun' | 'tencent';
  smsSecret: string;
  staffAuth: string;
}

const SMS_PATHS = { kannel: ['mo', 'dlr'], aliyun: ['up', 'report'], tencent: ['reply', 'status'] } as const;

/** One hostile request. */
export function hostileRequest(r: Rng, t: FuzzTarget): HostileRequest {
  const json = { 'content-type': 'application/json' };
  const endpoint = int(r, 11);
  switch (endpoint) {
    case 0:
    case 1: {
      const b = jsonBody(r, { userId: `fuzz${int(r, 30)}`, text: pick(r, TEXTS), ...(r() < 0.3 ? { messageId: `m${int(r, 300)}` } : {}) });
      return { method: 'POST', path: '/api/sim/messages', headers: r() < 0.9 ? json : { 'content-type': pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=gbk', 'application/xml']) }, body: b.body, kind: `sim:${b.kind}` };
    }
    case 2:
      return { method: 'GET', path: `/api/sim/messages/pending?${garbageQuery(r, ['userId'])}`, headers: {}, kind: 'sim-pending:query' };
    case 3: {
      const b = jsonBody(r, { question: pick(r, ['残疾人有补贴吗', '咋报名', '']) });
      return { method: 'POST', path: '/api/ask', headers: json, body: b.body, kind: `ask:${b.kind}` };
    }
    case 4:
      return r() < 0.7
        ? { method: 'GET', path: `/api/courses?${garbageQuery(r, ['near', 'q', 'category', 'limit', 'lat', 'lng', 'offset'])}`, headers: {}, kind: 'courses:query' }
        : { method: 'GET', path: `/api/courses/${enc(pick(r, ['1', '-1', '1e9', '99999999999999999999', 'abc', '%00', '0x10', ...WEIRD]))}`, headers: {}, kind: 'course:id' };
    case 5:
    case 6: {
      const timestamp = String(int(r, 2e9));
      const nonce = String(int(r, 1e9));
      const signed = r() < 0.8;
      const signature = signed ? sha1Signature([t.oaToken, timestamp, nonce]) : randomString(r, 40);
      const q = `signature=${enc(signature)}&timestamp=${timestamp}&nonce=${nonce}`;
      if (r() < 0.25) return { method: 'GET', path: `/wechat/oa?${q}&echostr=${enc(randomString(r, 30))}`, headers: {}, kind: 'oa-get' };
      const b = xmlBody(r);
      return { method: 'POST', path: `/wechat/oa?${q}${r() < 0.2 ? '&encrypt_type=aes&msg_signature=abc' : ''}`, headers: { 'content-type': pick(r, ['text/xml', 'application/xml', 'text/plain', 'application/json']) }, body: b.body, kind: `oa:${b.kind}${signed ? '' : ':unsigned'}` };
    }
    case 7:
    case 8: {
      const route = pick(r, SMS_PATHS[t.smsProvider]);
      const secret = r() < 0.9 ? t.smsSecret : randomString(r, 20);
      const b = r() < 0.5 ? jsonBody(r, { from: '13912345678', content: pick(r, TEXTS), phone_number: '+8613912345678', text: pick(r, TEXTS) }) : { body: randomBytes(r, 2048), kind: 'random-bytes' };
      const query = t.smsProvider === 'kannel' ? `?${garbageQuery(r, ['from', 'to', 'id', 'time', 'text', 'ref', 'status', 'coding', 'charset'])}` : '';
      return {
        method: pick(r, ['POST', 'POST', 'GET']),
        path: `/sms/${t.smsProvider}/${enc(secret)}/${route}${query}`,
        headers: { 'content-type': pick(r, ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) },
        body: b.body,
        kind: `sms-${t.smsProvider}:${b.kind}`,
      };
    }
    case 9: {
      const k = int(r, 4);
      const body =
        k === 0 ? Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(r, 8192)]) :
        k === 1 ? Buffer.from(`code,title,occupation\n${Array.from({ length: int(r, 50) }, () => randomString(r, 80).replace(/\n/g, ' ')).join('\n')}`) :
        k === 2 ? Buffer.from(JSON.stringify(randomValue(r, 4))) :
        randomBytes(r, 8192);
      const type = pick(r, ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json', 'application/octet-stream', 'text/csv; charset=gbk']);
      return { method: 'POST', path: `/api/admin/courses/import?dryRun=${r() < 0.8}&${garbageQuery(r, ['validOnly', 'filename'])}`, headers: { 'content-type': type, authorization: t.staffAuth }, body, kind: `import:${k}` };
    }
    default:
      return r() < 0.5
        ? { method: 'GET', path: `/api/admin/people/${enc(pick(r, ['1', '2', '0', '-1', 'x', '9'.repeat(30), ...WEIRD]))}/export`, headers: { authorization: t.staffAuth }, kind: 'export' }
        : { method: pick(r, ['GET', 'POST', 'PUT', 'DELETE']), path: pick(r, ['/', '/api', '/api/sim/messages', '/api/admin/me', '/api/admin/login', '/wechat/oa', '/%', '/..%2f..%2fetc']), headers: json, body: jsonBody(r, {}).body, kind: 'misc' };
  }
}

export interface FuzzServer {
  url: string;
  target: FuzzTarget;
  runtime: Runtime;
  close(): Promise<void>;
}

/** The real runtime (all channels on, one SMS provider) on 127.0.0.1 with a temp database. */
export async function startFuzzServer(provider: FuzzTarget['smsProvider']): Promise<FuzzServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skills-bot-fuzz-'));
  const smsSecret = 'fuzzSecret0123456789';
  const dead = 'http://127.0.0.1:9'; // nothing listens: outbound calls fail fast, no network
  const providerEnv: Record<string, string> =
    provider === 'kannel'
      ? { KANNEL_SENDSMS_URL: `${dead}/cgi-bin/sendsms`, KANNEL_USERNAME: 'u', KANNEL_PASSWORD: 'p', SMS_CALLBACK_BASE_URL: 'http://127.0.0.1:3000' }
      : provider === 'aliyun'
        ? { ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret', ALIYUN_SMS_SIGN_NAME: '陇原', ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1', ALIYUN_SMS_ENDPOINT: dead }
        : { TENCENT_SECRET_ID: 'id', TENCENT_SECRET_KEY: 'key', TENCENT_SMS_SDK_APP_ID: '1400000000', TENCENT_SMS_SIGN_NAME: '陇原', TENCENT_SMS_TEMPLATE_ID: '1', TENCENT_SMS_ENDPOINT: dead };
  const runtime = await buildRuntime(
    {
      DATABASE_URL: `file:${path.join(dir, 'fuzz.db')}`,
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent',
      WECHAT_TOKEN: 'fuzzToken123',
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'secret0123456789',
      WECHAT_API_BASE_URL: dead,
      WECHAT_REPLY_BUDGET_MS: '500',
      SMS_PROVIDER: provider,
      SMS_CALLBACK_SECRET: smsSecret,
      ...providerEnv,
    },
    { logLevel: process.env.FUZZ_LOG_LEVEL ?? 'silent' },
  );
  await runtime.app.staff.ensureAdmin('admin', 'fuzz-password-1');
  const server: Server = await new Promise((resolve) => {
    const s = runtime.app.http.listen(0, '127.0.0.1', () => resolve(s));
  });
  runtime.markReady();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'fuzz-password-1' }) });
  const { token } = (await login.json()) as { token: string };
  return {
    url,
    runtime,
    target: { oaToken: 'fuzzToken123', smsProvider: provider, smsSecret, staffAuth: `Bearer ${token}` },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FuzzResult {
  requests: number;
  /** Responses ≥ 500, with what reproduces them. */
  serverErrors: { seed: number; index: number; kind: string; method: string; path: string; status: number; body: string }[];
  /** Requests that got no HTTP response at all (socket reset, crash). */
  noResponse: { seed: number; index: number; kind: string; error: string }[];
  statuses: Record<string, number>;
  byKind: Record<string, number>;
  rssBeforeMb: number;
  rssAfterMb: number;
  healthyAfter: boolean;
}

/** Sends `count` hostile requests (seeded), `concurrency` at a time. */
export async function runFuzz(server: FuzzServer, seed: number, count: number, concurrency = 8): Promise<FuzzResult> {
  const r = prng(seed);
  const requests = Array.from({ length: count }, () => hostileRequest(r, server.target));
  const result: FuzzResult = { requests: count, serverErrors: [], noResponse: [], statuses: {}, byKind: {}, rssBeforeMb: 0, rssAfterMb: 0, healthyAfter: false };
  globalThis.gc?.();
  result.rssBeforeMb = Math.round(process.memoryUsage().rss / 1048576);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < requests.length) {
      const index = next++;
      const req = requests[index]!;
      const kind = req.kind.split(':')[0]!;
      result.byKind[kind] = (result.byKind[kind] ?? 0) + 1;
      try {
        const res = await fetch(server.url + req.path, {
          method: req.method,
          headers: req.headers,
          ...(req.body && req.method !== 'GET' ? { body: new Uint8Array(req.body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) {
          result.serverErrors.push({ seed, index, kind: req.kind, method: req.method, path: req.path.slice(0, 200), status: res.status, body: text.slice(0, 200) });
        }
      } catch (err) {
        result.noResponse.push({ seed, index, kind: req.kind, error: String((err as Error).cause ?? err).slice(0, 200) });
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  globalThis.gc?.();
  result.rssAfterMb = Math.round(process.memoryUsage().rss / 1048576);
  result.healthyAfter = (await fetch(`${server.url}/healthz`).then((res) => res.status, () => 0)) === 200;
  return result;
}
