/**
 * Uploads the Official Account menu (`npm run wechat:menu`): the menu items the installed
 * features register (or WECHAT_MENU_JSON), with the WECHAT_* settings of the environment.
 */
import { ConfigError } from '../app/config.js';
import { buildRuntime } from '../app/runtime.js';
import { createMenu } from '../integrations/wechat-oa/menu.js';

try {
  const runtime = await buildRuntime(process.env, { logLevel: 'warn' });
  try {
    const { wechatOa } = runtime.config;
    if (!wechatOa) {
      console.error('WECHAT_TOKEN, WECHAT_APPID and WECHAT_APPSECRET must be set.');
      process.exitCode = 78;
    } else {
      const menu = await createMenu(wechatOa, runtime.app.features.menu.items(), { log: runtime.log });
      console.log(JSON.stringify(menu, null, 2));
    }
  } finally {
    await runtime.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
}
