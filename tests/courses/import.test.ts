import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/courses/import/read-table.js';
import { setup } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  env = await setup();
});
afterAll(async () => {
  await env.destroy();
});

const HEADER = 'code,title,occupation,category,level,start_date,end_date,capacity,county,township,eligible_groups,online';
const row = (code: string, over: Partial<Record<string, string>> = {}) => {
  const r = {
    title: `电工培训班${code}`, occupation: '电工', category: '就业技能培训', level: '初级',
    start_date: '2027-03-01', end_date: '2027-03-20', capacity: '30', county: '榆中县', township: '', eligible_groups: '', online: '否',
    ...over,
  };
  return [code, r.title, r.occupation, r.category, r.level, r.start_date, r.end_date, r.capacity, r.county, r.township, r.eligible_groups, r.online].join(',');
};
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'), 'utf8');
const run = (bytes: Uint8Array, opts: { dryRun?: boolean; validOnly?: boolean } = {}, filename = 'catalog.csv') =>
  env.services.importCatalog({ bytes, filename }, opts);

describe('CSV import', () => {
  it('imports the shipped template (UTF-8 with BOM, Chinese headers)', async () => {
    const report = await run(readFileSync(new URL('../../data/catalog/import-template.csv', import.meta.url)));
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, encoding: 'utf-8-bom', written: true, created: 3 });
    const c = await env.db.course.findUniqueOrThrow({ where: { code: 'HN-2025-002' } });
    expect(c).toMatchObject({ countyCode: '620422', township: '柴家门镇', mobile: true, durationDays: 7, eligibleGroups: '["poverty","dibao"]' });
    expect(c.lat).toBeCloseTo(35.7869, 3); // township point
    const online = await env.db.course.findUniqueOrThrow({ where: { code: 'XS-2025-003' } });
    expect(online).toMatchObject({ online: true, lat: null, countyCode: null });
  });

  it('reports every bad row with its line and writes nothing', async () => {
    const before = await env.db.course.count();
    const report = await run(
      csv(
        row('A-1'),
        row('A-2', { start_date: '2027-03-20', end_date: '2027-03-01' }),
        row('A-3', { capacity: '-1' }),
        row('A-4', { county: '榆钟县城' }),
        row('A-1', { title: 'dup' }),
        row('A-6', { start_date: '2027-02-30' }),
        row('A-7', { county: '火星县' }),
        row('A-8', { eligible_groups: '建档立卡、外星人' }),
      ),
    );
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(await env.db.course.count()).toBe(before);
    const byLine = new Map(report.errors.map((e) => [e.line, e.reasons.join('；')]));
    expect([...byLine.keys()]).toEqual([3, 4, 6, 7, 8, 9]);
    expect(byLine.get(3)).toMatch(/结束日期.*早于/);
    expect(byLine.get(4)).toMatch(/名额/);
    expect(byLine.get(6)).toMatch(/A-1.*第2行重复/);
    expect(byLine.get(7)).toMatch(/开班日期.*不是有效日期/);
    expect(byLine.get(8)).toMatch(/未知县区「火星县」/);
    expect(byLine.get(9)).toMatch(/外星人/);
    // 榆钟县城 is a typo the gazetteer resolves (homophone), so row 5 is valid.
    expect(report.validRows).toBe(2);
  });

  it('unknown county errors carry suggestions', async () => {
    const report = await run(csv(row('B-1', { county: '临挑县' })), { dryRun: true });
    expect(report.errors[0]!.reasons.join()).toMatch(/临洮县/);
  });

  it('validOnly writes the good rows; re-import updates by code, never duplicates', async () => {
    const first = await run(csv(row('C-1'), row('C-2', { capacity: '0' }), row('C-3')), { validOnly: true });
    expect(first).toMatchObject({ ok: false, written: true, created: 2, validRows: 2 });
    const again = await run(csv(row('C-1', { title: '电工培训班（改）' }), row('C-3')));
    expect(again).toMatchObject({ ok: true, created: 0, updated: 2 });
    expect(await env.db.course.count({ where: { code: { startsWith: 'C-' } } })).toBe(2);
    expect((await env.db.course.findUniqueOrThrow({ where: { code: 'C-1' } })).title).toBe('电工培训班（改）');
  });

  it('dry run never writes', async () => {
    const report = await run(csv(row('D-1')), { dryRun: true });
    expect(report).toMatchObject({ ok: true, written: false, created: 1 });
    expect(await env.db.course.count({ where: { code: 'D-1' } })).toBe(0);
  });

  it('reads GBK CSV from Excel', async () => {
    const text = ['课程编码,课程名称,工种,培训类别,开班日期,结束日期,名额,县区', 'G-1,会宁县焊工培训班,焊工,就业技能培训,2027/4/1,2027/4/15,25,会宁县'].join('\r\n');
    const report = await run(iconv.encode(text, 'gbk'));
    expect(report).toMatchObject({ ok: true, encoding: 'gbk', created: 1 });
    expect((await env.db.course.findUniqueOrThrow({ where: { code: 'G-1' } })).title).toBe('会宁县焊工培训班');
  });

  it('empty files and header-only files are clear errors', async () => {
    await expect(run(Buffer.alloc(0))).rejects.toBeInstanceOf(ImportFileError);
    await expect(run(Buffer.from('\n\n'))).rejects.toThrow(/空/);
    const headerOnly = await run(Buffer.from(HEADER + '\n'));
    expect(headerOnly.ok).toBe(false);
    expect(headerOnly.errors[0]!.reasons[0]).toMatch(/没有课程行/);
  });
});

describe('xlsx import', () => {
  async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('课程');
    ws.addRow(['课程编码', '课程名称', '工种', '培训类别', '开班日期', '结束日期', '名额', '县区', '培训天数']);
    fill(ws);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads Excel dates, uses cached formula results and rejects formulas without one', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['X-1', '东乡县拉面培训班', '中式面点师', '就业技能培训', new Date(Date.UTC(2027, 4, 1)), new Date(Date.UTC(2027, 4, 20)), 40, '东乡']);
      ws.addRow(['X-2', '临潭县养殖培训', '牛羊养殖', '农业实用技术', new Date(Date.UTC(2027, 4, 2)), new Date(Date.UTC(2027, 4, 3)), 50, '临潭县',
        { formula: 'F3-E3+1', result: 2 }]);
      ws.addRow(['X-3', '宕昌县中药材培训', '中药材种植', '农业实用技术', new Date(Date.UTC(2027, 4, 2)), new Date(Date.UTC(2027, 4, 3)),
        { formula: 'SUM(1,2)' }, '宕昌县']);
      ws.addRow(['X-4', '日期是文字', '焊工', '就业技能培训', '2027年5月8日', '2027年5月22日', 20, '古浪县']);
    });
    const report = await run(bytes, {}, 'catalog.xlsx');
    expect(report.format).toBe('xlsx');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 4, code: 'X-3' });
    expect(report.errors[0]!.reasons.join()).toMatch(/名额.*公式/);
    const valid = await run(bytes, { validOnly: true }, 'catalog.xlsx');
    expect(valid.created).toBe(3);
    const x1 = await env.db.course.findUniqueOrThrow({ where: { code: 'X-1' } });
    expect(x1.startDate.toISOString().slice(0, 10)).toBe('2027-05-01');
    expect(x1).toMatchObject({ countyCode: '622926', durationDays: 20 });
    expect((await env.db.course.findUniqueOrThrow({ where: { code: 'X-2' } })).durationDays).toBe(2);
  });

  it('rejects .xls and broken files', async () => {
    await expect(run(Buffer.from('PK\u0003\u0004garbage'), {}, 'x.xlsx')).rejects.toThrow(/Excel/);
    await expect(run(Buffer.from('abc'), {}, 'old.xls')).rejects.toThrow(/xls/);
  });
});
