/**
 * A real Kannel on 127.0.0.1 for tests: generates kannel.conf in a temp dir, starts bearerbox
 * and smsbox on free ports, and drives Kannel's fake SMSC simulator (`fakesmsc` from Debian's
 * kannel-extras) as the handset. Install: `apt-get install -y kannel kannel-extras`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './http.js';

export { freePort };

export const KANNEL_BIN = {
  bearerbox: process.env.KANNEL_BEARERBOX ?? '/usr/sbin/bearerbox',
  smsbox: process.env.KANNEL_SMSBOX ?? '/usr/sbin/smsbox',
  fakesmsc: process.env.KANNEL_FAKESMSC ?? '/usr/lib/kannel/test/fakesmsc',
};

/** Why the Kannel tests cannot run here, or null when every binary is present. */
export function kannelMissingReason(): string | null {
  const missing = Object.entries(KANNEL_BIN).filter(([, p]) => !existsSync(p));
  if (!missing.length) return null;
  return (
    `Kannel binaries missing (${missing.map(([n, p]) => `${n} at ${p}`).join(', ')}); ` +
    'install them with `apt-get install -y kannel kannel-extras` (CI does this in .ci/run)'
  );
}

/** A TCP port that was free a moment ago on 127.0.0.1. */

/** Resolves when something accepts connections on 127.0.0.1:port; rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number, what = `port ${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `check` until it returns a value (not undefined/false) or the timeout passes. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** UCS-2 (UTF-16BE) bytes of `text`, %XX-encoded: fakesmsc's "ucs2" message format. */
export function ucs2UrlEncode(text: string): string {
  const buf = Buffer.from(text, 'utf16le').swap16();
  return [...buf].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

/** Decodes fakesmsc's printed UCS-2 payload ("%60%A8Y%7D…": %XX escapes and raw bytes). */
export function decodeUcs2Printed(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (s[i] === '+') bytes.push(0x20);
    else bytes.push(s.charCodeAt(i));
  }
  const buf = Buffer.from(bytes);
  if (buf.length % 2) throw new Error(`odd UCS-2 byte count in ${s}`);
  return buf.swap16().toString('utf16le');
}

/** A message fakesmsc received from Kannel (an MT). */
export interface FakesmscMt {
  from: string;
  to: string;
  type: string;
  text: string;
}

export interface KannelOptions {
  /** Our MO route (Kannel's post-url); Kannel escapes like %p may be appended by the caller. */
  postUrl: string;
  username?: string;
  password?: string;
}

function stop(child: ChildProcess | undefined, ms = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** bearerbox + smsbox with a generated config, and fakesmsc handsets. */
export class KannelHarness {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'kannel-test-'));
  readonly username: string;
  readonly password: string;
  ports = { admin: 0, smsbox: 0, smsc: 0, sendsms: 0 };
  private bearerbox?: ChildProcess;
  private smsbox?: ChildProcess;
  private readonly handsets: ChildProcess[] = [];

  constructor(private readonly options: KannelOptions) {
    this.username = options.username ?? 'botuser';
    this.password = options.password ?? 'botpass123';
  }

  get sendsmsUrl(): string {
    return `http://127.0.0.1:${this.ports.sendsms}/cgi-bin/sendsms`;
  }

  /** The generated kannel.conf (the worked configuration from shared/notes/channels.md). */
  config(): string {
    const p = this.ports;
    const q = (s: string) => `"${s.replace(/"/g, '')}"`;
    return [
      'group = core',
      `admin-port = ${p.admin}`,
      'admin-interface = 127.0.0.1',
      `admin-password = ${q('admin-' + this.password)}`,
      'admin-allow-ip = 127.0.0.1',
      `smsbox-port = ${p.smsbox}`,
      'smsbox-interface = 127.0.0.1',
      'box-allow-ip = 127.0.0.1',
      'box-deny-ip = "*.*.*.*"',
      'dlr-storage = internal',
      'log-level = 1',
      `log-file = ${q(path.join(this.dir, 'bearerbox.log'))}`,
      '',
      'group = smsc',
      'smsc = fake',
      'smsc-id = fake',
      `port = ${p.smsc}`,
      'connect-allow-ip = 127.0.0.1',
      '',
      'group = smsbox',
      'bearerbox-host = 127.0.0.1',
      `bearerbox-port = ${p.smsbox}`,
      `sendsms-port = ${p.sendsms}`,
      'sendsms-interface = 127.0.0.1',
      'mo-recode = true',
      'log-level = 1',
      `log-file = ${q(path.join(this.dir, 'smsbox.log'))}`,
      '',
      'group = sendsms-user',
      `username = ${q(this.username)}`,
      `password = ${q(this.password)}`,
      'user-allow-ip = 127.0.0.1',
      'max-messages = 1',
      '',
      'group = sms-service',
      'keyword = default',
      'catch-all = true',
      'max-messages = 0',
      `post-url = ${q(this.options.postUrl)}`,
      '',
    ].join('\n');
  }

  /** Starts bearerbox, then smsbox; resolves when the sendsms port answers. */
  async start(timeoutMs = 20_000): Promise<void> {
    this.ports = { admin: await freePort(), smsbox: await freePort(), smsc: await freePort(), sendsms: await freePort() };
    const conf = path.join(this.dir, 'kannel.conf');
    writeFileSync(conf, this.config());
    this.bearerbox = spawn(KANNEL_BIN.bearerbox, [conf], { cwd: this.dir, stdio: 'ignore' });
    await waitForPort(this.ports.smsbox, timeoutMs, 'bearerbox box port');
    await waitForPort(this.ports.smsc, timeoutMs, 'bearerbox fake SMSC port');
    this.smsbox = spawn(KANNEL_BIN.smsbox, [conf], { cwd: this.dir, stdio: 'ignore' });
    await waitForPort(this.ports.sendsms, timeoutMs, 'smsbox sendsms port');
  }

  /**
   * Starts a fakesmsc handset that sends one MO (as UCS-2) and then stays connected, collecting
   * the MTs Kannel routes to it.
   */
  handset(from: string, to: string, text: string): Handset {
    const child = spawn(
      KANNEL_BIN.fakesmsc,
      ['-H', '127.0.0.1', '-r', String(this.ports.smsc), '-m', '1', `${from} ${to} ucs2 ${ucs2UrlEncode(text)}`],
      { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.handsets.push(child);
    return new Handset(child);
  }

  /** Tail of the Kannel logs (for failure messages). */
  logs(lines = 30): string {
    return ['bearerbox.log', 'smsbox.log']
      .map((f) => {
        const file = path.join(this.dir, f);
        const text = existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(none)';
        return `--- ${f}\n${text}`;
      })
      .join('\n');
  }

  /** Stops every process (handsets, smsbox, bearerbox) and removes the temp dir. */
  async stop(): Promise<void> {
    await Promise.all(this.handsets.map((h) => stop(h, 2000)));
    await stop(this.smsbox);
    await stop(this.bearerbox);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One fakesmsc process: its output parsed into received MTs. */
export class Handset {
  readonly received: FakesmscMt[] = [];
  output = '';

  constructor(readonly child: ChildProcess) {
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString('latin1');
      this.parse();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  private parse(): void {
    const re = /Got message \d+: <(\S+) (\S+) (\S+) (.*)>\s*$/gm;
    const found: FakesmscMt[] = [];
    for (const m of this.output.matchAll(re)) {
      const [, from, to, type, data] = m as unknown as [string, string, string, string, string];
      const text = type === 'ucs-2' || type === 'ucs2' ? decodeUcs2Printed(data) : decodeURIComponent(data.replace(/\+/g, ' '));
      found.push({ from, to, type, text });
    }
    this.received.splice(0, this.received.length, ...found);
  }

  /** Waits until at least `n` MTs arrived. */
  waitForMessages(n: number, timeoutMs: number): Promise<FakesmscMt[]> {
    return waitFor(() => (this.received.length >= n ? [...this.received] : undefined), timeoutMs, `${n} MT(s) at fakesmsc`);
  }
}
