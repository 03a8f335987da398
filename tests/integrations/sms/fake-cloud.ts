/**
 * Loopback fakes of the cloud SMS APIs (Aliyun dysmsapi SendSms, Tencent sms SendSms) and of
 * Kannel's sendsms, recording what the SDKs / our client sent.
 */
import http, { type Server } from 'node:http';

export interface FakeRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Query parameters (Aliyun puts the RPC parameters there). */
  query: Record<string, string>;
}

export class FakeSmsApi {
  readonly requests: FakeRequest[] = [];
  /** What to answer; default = success for whichever API called. */
  respond: (req: FakeRequest) => { status?: number; body: unknown } = (req) => defaultAnswer(req, this.requests.length);
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const r: FakeRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          query: Object.fromEntries(url.searchParams),
        };
        this.requests.push(r);
        const answer = this.respond(r);
        res.statusCode = answer.status ?? 200;
        if (typeof answer.body === 'string') res.end(answer.body);
        else {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(answer.body));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}

function defaultAnswer(req: FakeRequest, n: number): { status?: number; body: unknown } {
  if (req.headers['x-tc-action'] === 'SendSms') {
    const body = JSON.parse(req.body) as { PhoneNumberSet: string[]; SessionContext?: string };
    return {
      body: {
        Response: {
          SendStatusSet: body.PhoneNumberSet.map((p) => ({
            SerialNo: `sn-${n}`,
            PhoneNumber: p,
            Fee: 1,
            SessionContext: body.SessionContext ?? '',
            Code: 'Ok',
            Message: 'send success',
            IsoCode: 'CN',
          })),
          RequestId: `req-${n}`,
        },
      },
    };
  }
  if (req.headers['x-acs-action'] === 'SendSms') {
    return { body: { RequestId: `req-${n}`, Code: 'OK', Message: 'OK', BizId: `biz-${n}^0` } };
  }
  // Kannel sendsms
  return { status: 202, body: '0: Accepted for delivery' };
}
