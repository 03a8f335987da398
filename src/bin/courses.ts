/**
 * Course catalog CLI (an entry point, like main.ts: its configuration comes from loadConfig).
 *   npm run courses -- import FILE [--dry-run] [--valid-only]
 *   npm run courses -- seed-sample          (loads the sample catalog if the catalog is empty)
 *   npm run courses -- resolve 地名
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit } from '../app/config.js';
import { systemClock } from '../shared/clock.js';
import { openDatabase } from '../db/client.js';
import { createLogger } from '../shared/logger.js';
import { ImportFileError } from '../courses/import/read-table.js';
import { ensureSampleCatalog } from '../courses/sample-catalog.js';
import { createCourseServices } from '../courses/services.js';

const USAGE = `用法:
  npm run courses -- import 文件.csv|文件.xlsx [--dry-run] [--valid-only]
  npm run courses -- seed-sample
  npm run courses -- resolve 地名`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  if (command === 'resolve' && args[0]) {
    const { Gazetteer } = await import('../courses/gazetteer.js');
    console.log(JSON.stringify(new Gazetteer().resolve(args.join('')), null, 2));
    return 0;
  }
  if (command !== 'import' && command !== 'seed-sample') {
    console.error(USAGE);
    return 64;
  }
  // The CLI logs warnings only unless LOG_LEVEL says otherwise.
  const config = loadConfigOrExit({ LOG_LEVEL: 'warn', ...process.env });
  const log = createLogger({ level: config.LOG_LEVEL });
  const { db, close } = await openDatabase({ url: config.DATABASE_URL });
  try {
    const services = createCourseServices({ db, clock: systemClock, log });
    if (command === 'seed-sample') {
      const n = await ensureSampleCatalog(db, systemClock, log, services.gazetteer);
      console.log(n ? `已载入示例课程 ${n} 个` : '课程目录不为空，未载入示例数据');
      return 0;
    }
    const file = args[0];
    if (!file) {
      console.error(USAGE);
      return 64;
    }
    const report = await services.importCatalog(
      { bytes: readFileSync(file), filename: path.basename(file) },
      { dryRun: flags.has('--dry-run'), validOnly: flags.has('--valid-only') },
    );
    const mode = report.dryRun ? '（试运行，未写入）' : '';
    console.log(`格式 ${report.format}${report.encoding ? `（${report.encoding}）` : ''}，共 ${report.totalRows} 行，有效 ${report.validRows} 行，错误 ${report.errors.length} 行 ${mode}`);
    if (report.unknownHeaders.length) console.log(`忽略的列：${report.unknownHeaders.join('、')}`);
    for (const e of report.errors) console.log(`  第${e.line}行${e.code ? ` [${e.code}]` : ''}：${e.reasons.join('；')}`);
    if (report.written) console.log(`已写入：新增 ${report.created}，更新 ${report.updated}（${report.ms} ms）`);
    else if (!report.dryRun && report.errors.length) console.log('有错误行，未写入任何数据。修正后重试，或加 --valid-only 只导入有效行。');
    else if (report.dryRun) console.log(`将新增 ${report.created}，更新 ${report.updated}`);
    return report.ok || report.written ? 0 : 1;
  } catch (err) {
    if (err instanceof ImportFileError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
