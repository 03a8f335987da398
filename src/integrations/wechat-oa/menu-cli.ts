/**
 * Uploads the Official Account menu: `npx tsx src/integrations/wechat-oa/menu-cli.ts`
 * (reads WECHAT_* from the environment, like src/main.ts; an entry point, so it may read env).
 */
import { ConfigError, parseSection } from '../../config.js';
import { createLogger } from '../../logger.js';
import { wechatOaConfigSchema } from './config.js';
import { createMenu } from './menu.js';

try {
  const { wechatOa } = parseSection(wechatOaConfigSchema, process.env);
  if (!wechatOa) {
    console.error('WECHAT_TOKEN, WECHAT_APPID and WECHAT_APPSECRET must be set.');
    process.exit(78);
  }
  const menu = await createMenu(wechatOa, { log: createLogger({ level: 'info' }) });
  console.log(JSON.stringify(menu, null, 2));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
