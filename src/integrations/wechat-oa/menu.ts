/**
 * The Official Account's custom menu: the default one mirrors the text menu (MENU_ITEMS) with
 * CLICK keys MENU_POLICY, MENU_COURSES, … (mapped back by config.menuKeys); WECHAT_MENU_JSON
 * replaces it. `createMenu(config)` uploads it (run `npx tsx src/integrations/wechat-oa/menu-cli.ts`).
 */
import type { Logger } from 'pino';
import type { Clock } from '../../bot/services.js';
import { MENU_ITEMS, type MenuKey } from '../../bot/texts.js';
import { WechatApi } from './api.js';
import type { WechatMenu, WechatOaConfig } from './config.js';

function click(key: MenuKey) {
  const item = MENU_ITEMS.find((i) => i.key === key)!;
  return { type: 'click', name: item.label, key: `MENU_${key.toUpperCase()}` };
}

/** 问政策 | 找课程 | 更多 (我的报名, 创业指导, 找人工). WeChat allows 3 top buttons × 5 sub-buttons. */
export function defaultMenu(): WechatMenu {
  return {
    button: [click('policy'), click('courses'), { name: '更多', sub_button: [click('my'), click('startup'), click('human')] }],
  };
}

/** The menu this deployment uses. */
export function menuOf(config: WechatOaConfig): WechatMenu {
  return config.menu ?? defaultMenu();
}

/** Uploads the configured (or default) menu through /cgi-bin/menu/create. */
export async function createMenu(
  config: WechatOaConfig,
  deps: { log: Logger; clock?: Clock; fetch?: typeof fetch; api?: WechatApi },
): Promise<WechatMenu> {
  const api =
    deps.api ??
    new WechatApi({
      appId: config.appId,
      appSecret: config.appSecret,
      baseUrl: config.apiBaseUrl,
      clock: deps.clock ?? { now: () => new Date() },
      log: deps.log,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const menu = menuOf(config);
  await api.createMenu(menu);
  deps.log.info({ buttons: menu.button.length }, 'wechat menu created');
  return menu;
}
