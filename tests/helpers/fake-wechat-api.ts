/**
 * A fake WeChat server API on 127.0.0.1 for tests: issues access tokens (TOKEN_1, TOKEN_2, …),
 * records every call, and can be told to fail. Endpoints: GET /cgi-bin/token,
 * POST /cgi-bin/message/custom/send, /cgi-bin/message/template/send, /cgi-bin/message/mass/send
 * (text by openid list: 2–10,000 openids; a clientmsgid seen before answers 45065 with the first
 * job's msg_id, as WeChat does within 24 h), /cgi-bin/menu/create.
 *
 *   const api = await startFakeWechatApi();
 *   config.apiBaseUrl = api.url;
 *   api.failNext('/cgi-bin/message/custom/send', 40001);   // next call answers 40001 once
 *   api.texts('openid')                                   // → custom/send contents, in order
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechatCall {
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** One accepted mass-send job. */
export interface FakeMassJob {
  msgId: number;
  clientMsgId: string | undefined;
  touser: string[];
  content: string;
}

export interface FakeWechatApi {
  url: string;
  calls: FakeWechatCall[];
  /** Accepted mass-send jobs, in order. */
  massJobs: FakeMassJob[];
  /** Mass-send texts that reached `openId`. */
  massTexts(openId: string): string[];
  /** Calls to one path. */
  callsTo(path: string): FakeWechatCall[];
  /** Contents of custom/send text messages to `openId`. */
  texts(openId: string): string[];
  /** Number of tokens issued. */
  readonly tokensIssued: number;
  /** The next call to `path` answers `{ errcode }` (once per call of failNext). */
  failNext(path: string, errcode: number, errmsg?: string): void;
  /** Makes every issued token invalid (the next API call gets 40001). */
  revokeTokens(): void;
  /** Delay (ms) before answering /cgi-bin/token (single-flight tests). */
  tokenDelayMs: number;
  close(): Promise<void>;
}

export async function startFakeWechatApi(): Promise<FakeWechatApi> {
  const calls: FakeWechatCall[] = [];
  const failures = new Map<string, { errcode: number; errmsg: string }[]>();
  const valid = new Set<string>();
  let issued = 0;
  let msgid = 1000;
  /** custom/send text messages that were accepted. */
  const sent: { touser: string; content: string }[] = [];
  const massJobs: FakeMassJob[] = [];
  let massId = 3147483000;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const call = { path: url.pathname, query: Object.fromEntries(url.searchParams), body };
      calls.push(call);
      const answer = (json: unknown, delay = 0) =>
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(json));
        }, delay);

      const failure = failures.get(url.pathname)?.shift();
      if (failure) {
        answer(failure);
        return;
      }
      if (url.pathname === '/cgi-bin/token') {
        const token = `TOKEN_${++issued}`;
        valid.add(token);
        answer({ access_token: token, expires_in: 7200 }, fake.tokenDelayMs);
        return;
      }
      if (!valid.has(call.query.access_token ?? '')) {
        answer({ errcode: 40001, errmsg: 'invalid credential' });
        return;
      }
      if (url.pathname === '/cgi-bin/message/template/send') {
        answer({ errcode: 0, errmsg: 'ok', msgid: ++msgid });
        return;
      }
      if (url.pathname === '/cgi-bin/message/custom/send') {
        const b = body as { touser?: string; msgtype?: string; text?: { content?: string } } | undefined;
        if (!b?.touser || b.msgtype !== 'text' || typeof b.text?.content !== 'string') {
          answer({ errcode: 44002, errmsg: 'empty post data' });
          return;
        }
        sent.push({ touser: b.touser, content: b.text.content });
        answer({ errcode: 0, errmsg: 'ok' });
        return;
      }
      if (url.pathname === '/cgi-bin/message/mass/send') {
        const b = body as { touser?: unknown; msgtype?: string; text?: { content?: string }; clientmsgid?: string } | undefined;
        if (!Array.isArray(b?.touser) || b.touser.length < 2 || b.touser.length > 10_000 || !b.touser.every((o) => typeof o === 'string')) {
          answer({ errcode: 40130, errmsg: 'invalid openid list size, at least two openid' });
          return;
        }
        if (b.msgtype !== 'text' || typeof b.text?.content !== 'string') {
          answer({ errcode: 44002, errmsg: 'empty post data' });
          return;
        }
        const seen = b.clientmsgid === undefined ? undefined : massJobs.find((j) => j.clientMsgId === b.clientmsgid);
        if (seen) {
          answer({ errcode: 45065, errmsg: 'clientmsgid exist', msg_id: seen.msgId });
          return;
        }
        const job = { msgId: ++massId, clientMsgId: b.clientmsgid, touser: b.touser as string[], content: b.text.content };
        massJobs.push(job);
        answer({ errcode: 0, errmsg: 'send job submission success', msg_id: job.msgId, msg_data_id: job.msgId + 1 });
        return;
      }
      if (url.pathname === '/cgi-bin/menu/create') {
        answer({ errcode: 0, errmsg: 'ok' });
        return;
      }
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeWechatApi = {
    url: `http://127.0.0.1:${port}`,
    calls,
    massJobs,
    massTexts: (openId) => massJobs.filter((j) => j.touser.includes(openId)).map((j) => j.content),
    callsTo: (path) => calls.filter((c) => c.path === path),
    texts: (openId) => sent.filter((m) => m.touser === openId).map((m) => m.content),
    get tokensIssued() {
      return issued;
    },
    failNext(path, errcode, errmsg = 'fake failure') {
      const list = failures.get(path) ?? [];
      list.push({ errcode, errmsg });
      failures.set(path, list);
    },
    revokeTokens: () => valid.clear(),
    tokenDelayMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
