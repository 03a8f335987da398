/**
 * The Official Account's custom menu: the default one mirrors the text menu (the menu items the
 * features registered) with CLICK keys MENU_POLICY, MENU_COURSES, … (mapped back by
 * menuItemKeyOf); WECHAT_MENU_JSON replaces it. `createMenu` uploads it (`npm run wechat:menu`).
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../shared/clock.js';
import { WechatApi } from './api.js';
import type { WechatMenu, WechatOaConfig } from './config.js';

/** A menu item as the OA menu needs it (the kernel's MenuItem fits). */
export interface OaMenuItem {
  key: string;
  label: string;
}

function click(item: OaMenuItem) {
  return { type: 'click', name: item.label, key: `MENU_${item.key.toUpperCase()}` };
}

/**
 * The first two items as top buttons, the rest (up to 5) under 更多 — e.g. 问政策 | 找课程 |
 * 更多 (我的报名, 创业指导, 找人工). WeChat allows 3 top buttons × 5 sub-buttons.
 */
export function defaultMenu(items: readonly OaMenuItem[]): WechatMenu {
  if (items.length <= 3) return { button: items.map(click) };
  return { button: [...items.slice(0, 2).map(click), { name: '更多', sub_button: items.slice(2, 7).map(click) }] };
}

/** The menu this deployment uses. */
export function menuOf(config: WechatOaConfig, items: readonly OaMenuItem[]): WechatMenu {
  return config.menu ?? defaultMenu(items);
}

/** Uploads the configured (or default) menu through /cgi-bin/menu/create. */
export async function createMenu(
  config: WechatOaConfig,
  items: readonly OaMenuItem[],
  deps: { log: Logger; clock?: Clock; fetch?: typeof fetch; api?: WechatApi },
): Promise<WechatMenu> {
  const api =
    deps.api ??
    new WechatApi({
      appId: config.appId,
      appSecret: config.appSecret,
      baseUrl: config.apiBaseUrl,
      clock: deps.clock ?? systemClock,
      log: deps.log,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const menu = menuOf(config, items);
  await api.createMenu(menu);
  deps.log.info({ buttons: menu.button.length }, 'wechat menu created');
  return menu;
}
