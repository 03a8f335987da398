/**
 * wechaty channel (personal account and village group chats): public API of
 * src/integrations/wechaty/. Import it lazily (`await import(...)`) — wechaty is large and only
 * needed when WECHATY_PUPPET is set.
 *
 *   const ch = createWechatyChannel({ config, bot, log });
 *   notifier.register(ch.adapter); await ch.start();   // prints the login QR code
 */
import type { Logger } from 'pino';
import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, WechatyBuilder, type Wechaty } from 'wechaty';
import type { Bot } from '../../bot/pipeline.js';
import type { GroupBroadcaster } from '../../notifications/groups.js';
import { WechatyAdapter, type BroadcastResult } from './adapter.js';
import type { WechatyConfig } from './config.js';

export { WechatyAdapter, wechatyCapabilities, wechatyTexts, type BroadcastResult } from './adapter.js';
export { wechatyConfigSchema, type WechatyConfig } from './config.js';
export { toInbound, stripKeyword, WECHATY_CHANNEL } from './inbound.js';

export interface WechatyChannelDeps {
  config: WechatyConfig;
  bot: Bot;
  log: Logger;
  /** A prebuilt wechaty (tests pass one on wechaty-puppet-mock); default: built from config.puppet. */
  wechaty?: Wechaty;
}

export interface WechatyChannel extends GroupBroadcaster {
  adapter: WechatyAdapter;
  wechaty: Wechaty;
  /** Starts wechaty (login QR code on the terminal) and begins answering. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Says `text` in the rooms with these topics (default: WECHATY_BROADCAST_ROOMS). */
  broadcastToRooms(topics: string[] | undefined, text: string): Promise<BroadcastResult[]>;
}

/** The web page that renders a login QR code value as an image. */
export function qrcodeUrl(qrcode: string): string {
  return `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
}

/** Builds wechaty with the configured puppet, which wechaty loads by package name. */
export function buildWechaty(config: WechatyConfig): Wechaty {
  return WechatyBuilder.build({
    name: config.name,
    puppet: config.puppet as never, // any installed puppet package name, validated by the config schema
    ...(config.puppetToken ? { puppetOptions: { token: config.puppetToken } } : {}),
  });
}

export function createWechatyChannel(deps: WechatyChannelDeps): WechatyChannel {
  const { config } = deps;
  const log = deps.log.child({ channel: 'wechaty' });
  const wechaty = deps.wechaty ?? buildWechaty(config);
  const adapter = new WechatyAdapter({ wechaty, bot: deps.bot, log, groupKeywords: config.groupKeywords });
  let detach: (() => void) | null = null;

  wechaty.on('scan', (qrcode, status) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    qrcodeTerminal.generate(qrcode, { small: true });
    log.info({ url: qrcodeUrl(qrcode) }, 'wechaty: scan the QR code with WeChat to log in');
  });
  wechaty.on('login', (user) => log.info({ user: user.name() }, 'wechaty: logged in'));
  wechaty.on('logout', (user) => log.warn({ user: user.name() }, 'wechaty: logged out'));
  wechaty.on('error', (err) => log.error({ err }, 'wechaty error'));

  const broadcastToRooms = (topics: string[] | undefined, text: string) =>
    adapter.broadcastToRooms(topics?.length ? topics : config.broadcastRooms, text);

  return {
    adapter,
    wechaty,
    async start() {
      detach ??= adapter.attach();
      await wechaty.start();
      log.info({ puppet: config.puppet }, 'wechaty started');
    },
    async stop() {
      detach?.();
      detach = null;
      await adapter.idle();
      await wechaty.stop();
    },
    broadcastToRooms,
  };
}
