/**
 * Every SMS gateway callback — inbound messages and delivery reports, of every provider — is
 * behind the path secret (wrong or missing → 404) and the optional IP allow-list (→ 403), and
 * nothing reaches the channel before both pass.
 */
import express from 'express';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../../src/http/errors.js';
import type { SmsChannel } from '../../../src/integrations/sms/channel.js';
import { AliyunProvider } from '../../../src/integrations/sms/providers/aliyun.js';
import { KannelProvider } from '../../../src/integrations/sms/providers/kannel.js';
import { TencentProvider } from '../../../src/integrations/sms/providers/tencent.js';
import type { SmsProvider } from '../../../src/integrations/sms/provider.js';
import { smsRoutes } from '../../../src/integrations/sms/routes.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { listen } from '../../helpers/http.js';
import { FakeClock } from '../../helpers/clock.js';

const SECRET = 'guard-secret-0123456789abc';
const clock = new FakeClock();
const providers: SmsProvider[] = [
  new KannelProvider({ sendsmsUrl: 'http://127.0.0.1:1/cgi-bin/sendsms', username: 'u', password: 'p', dlrUrl: `http://127.0.0.1:1/sms/kannel/${SECRET}/dlr` }, clock as never),
  new AliyunProvider({ accessKeyId: 'i', accessKeySecret: 's', signName: '签名', templates: { reply: 'R', notice: 'N', code: 'C' }, endpoint: '127.0.0.1:1', protocol: 'http' }, clock as never),
  new TencentProvider({ secretId: 'i', secretKey: 'k', sdkAppId: '1400000000', signName: '签名', templates: { reply: '1', notice: '2', code: '3' }, region: 'ap-guangzhou', endpoint: '127.0.0.1:1', protocol: 'http://' }),
];

describe.each(providers.map((p) => [p.name, p] as const))('%s callbacks', (_name, provider) => {
  it('every route needs the secret and an allowed address; nothing is handled otherwise', async () => {
    const handled: string[] = [];
    const channel = {
      provider,
      report: async () => void handled.push('report'),
      receive: async () => void handled.push('receive'),
      receiveLater: () => void handled.push('receiveLater'),
    } as unknown as SmsChannel;
    expect(provider.callbacks.length).toBeGreaterThanOrEqual(2);
    for (const allowedIps of [[], ['10.9.8.7']]) {
      const app = express();
      app.use(smsRoutes(channel, { secret: SECRET, allowedIps }));
      app.use(errorHandler(silentLogger));
      const h = await listen(app);
      try {
        for (const cb of provider.callbacks) {
          for (const secret of ['wrong-secret-0123456789abc', 'x']) {
            const res = await fetch(`${h.url}/sms/${provider.name}/${secret}/${cb.path}?from=13912345678&to=1&id=1&status=1`, { method: 'POST', body: '{}' });
            expect(res.status, `${cb.path} with a wrong secret`).toBe(404);
          }
          expect((await fetch(`${h.url}/sms/${provider.name}/${cb.path}`, { method: 'POST', body: '{}' })).status).toBe(404);
          if (allowedIps.length) {
            const res = await fetch(`${h.url}/sms/${provider.name}/${SECRET}/${cb.path}?from=13912345678`, { method: 'POST', body: '{}' });
            expect(res.status, `${cb.path} from a caller not on the list`).toBe(403);
          }
        }
      } finally {
        await h.close();
      }
    }
    expect(handled).toEqual([]);
  });
});
