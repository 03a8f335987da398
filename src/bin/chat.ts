/**
 * Terminal chat (`npm run chat`): talks to the bot in-process over the same pipeline, on the
 * same database file as `npm start` (DATABASE_URL), as the "cli" channel.
 *   npm run chat                 # user "cli-<your login>"
 *   npm run chat -- --user u42   # another user id
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import readline from 'node:readline';
import { buildRuntime } from '../app/runtime.js';
import { CLI_CHANNEL } from '../integrations/cli/index.js';
import { systemClock } from '../shared/clock.js';

const userFlag = process.argv.indexOf('--user');
const userId = userFlag > 0 ? process.argv[userFlag + 1]! : `cli-${os.userInfo().username}`;

const runtime = await buildRuntime(process.env, { logLevel: 'warn' });
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
console.log(`陇原技能助手 · 终端对话（用户 ${userId}）。输入“菜单”看功能，Ctrl+D 退出。\n`);

async function say(text: string) {
  const { replies } = await runtime.app.bot.handle(
    { channel: CLI_CHANNEL.name, channelUserId: userId, messageId: randomUUID(), text, receivedAt: systemClock.now() },
    CLI_CHANNEL,
  );
  for (const r of replies) console.log(`\x1b[32m助手\x1b[0m ${r.text.replace(/\n/g, '\n     ')}\n`);
}

try {
  // Async iteration keeps lines typed (or piped) while a turn runs.
  rl.setPrompt('\x1b[36m我\x1b[0m   ');
  rl.prompt();
  for await (const line of rl) {
    if (line.trim()) await say(line);
    rl.prompt();
  }
} finally {
  rl.close();
  await runtime.close();
}
