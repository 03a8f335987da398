/**
 * Reads an uploaded catalog file (CSV or .xlsx) into raw rows: header-mapped string cells with
 * the line (CSV) or row (Excel) number, plus per-row read problems (e.g. formula cells without a
 * cached result).
 *
 * Excel formula cells: the value Excel cached when the file was last saved is used (what staff see
 * on screen). A formula without a cached result (files written by scripts and never opened in
 * Excel) cannot be evaluated here, so that row is rejected with a reason.
 */
import { parse } from 'csv-parse/sync';
// Loaded on first use: exceljs costs ~0.4 s at start-up and only imports need it.
import type ExcelJS from 'exceljs';
import { checkZip, ZipLimitError } from './zip-guard.js';
import { decodeText, type DecodedText } from './decode.js';
import { columnLabel, headerKey } from './columns.js';

export interface RawRow {
  line: number;
  cells: Record<string, string | Date | number>;
  problems: string[];
}

export interface RawTable {
  format: 'csv' | 'xlsx';
  encoding?: DecodedText['encoding'];
  rows: RawRow[];
  /** Header cells that map to no known column (reported, not fatal). */
  unknownHeaders: string[];
}

export class ImportFileError extends Error {
  constructor(
    message: string,
    /** HTTP status for the import route: 400 unreadable, 413 over a size limit. */
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const isBlank = (cells: Record<string, unknown>) => Object.values(cells).every((v) => v === '' || v === null || v === undefined);

export function readCsv(bytes: Uint8Array): RawTable {
  const decoded = decodeText(bytes);
  if (!decoded.text.trim()) throw new ImportFileError('文件是空的：没有表头也没有课程行');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: false, info: true, trim: true }) as never;
  } catch (err) {
    throw new ImportFileError(`CSV 格式错误：${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('文件是空的：没有表头也没有课程行');
  const keys = header.record.map((h) => headerKey(h));
  const unknownHeaders = header.record.filter((_, i) => keys[i] === null && header.record[i] !== '');
  const rows: RawRow[] = [];
  for (const { record, info } of body) {
    const cells: Record<string, string> = {};
    record.forEach((v, i) => {
      const k = keys[i];
      if (k) cells[k] = v;
    });
    if (isBlank(cells)) continue;
    rows.push({ line: info.lines, cells, problems: [] });
  }
  return { format: 'csv', encoding: decoded.encoding, rows, unknownHeaders };
}

function cellValue(v: ExcelJS.CellValue): { value: string | Date | number; problem?: string } {
  if (v === null || v === undefined) return { value: '' };
  if (v instanceof Date || typeof v === 'number') return { value: v };
  if (typeof v === 'string') return { value: v.trim() };
  if (typeof v === 'boolean') return { value: v ? '是' : '否' };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date))) {
      return { value: '', problem: '是公式且没有计算结果（请在Excel中打开并保存，或改为数值）' };
    }
    return cellValue(result as ExcelJS.CellValue);
  }
  if ('richText' in v) return { value: v.richText.map((t) => t.text).join('').trim() };
  if ('text' in v) return { value: String(v.text).trim() };
  if ('error' in v) return { value: '', problem: `单元格错误 ${String(v.error)}` };
  return { value: String(v) };
}

export async function readXlsx(bytes: Uint8Array): Promise<RawTable> {
  if (bytes.length === 0) throw new ImportFileError('文件是空的');
  try {
    checkZip(bytes);
  } catch (err) {
    if (err instanceof ZipLimitError) throw new ImportFileError(err.message, err.tooLarge ? 413 : 400);
    throw err;
  }
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never);
  } catch {
    throw new ImportFileError('无法读取 Excel 文件（只支持 .xlsx）');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw new ImportFileError('文件是空的：第一个工作表没有内容');
  const headerRow = ws.getRow(1);
  const keys = new Map<number, string>();
  const unknownHeaders: string[] = [];
  headerRow.eachCell((cell, col) => {
    const text = String(cellValue(cell.value).value);
    const k = headerKey(text);
    if (k) keys.set(col, k);
    else if (text) unknownHeaders.push(text);
  });
  if (!keys.size) throw new ImportFileError('第1行不是表头：没有找到任何已知列名（见导入模板）');
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string | Date | number> = {};
    const problems: string[] = [];
    for (const [col, key] of keys) {
      const { value, problem } = cellValue(row.getCell(col).value);
      cells[key] = value;
      if (problem) problems.push(`「${columnLabel(key)}」${problem}`);
    }
    if (isBlank(cells) && !problems.length) return;
    rows.push({ line: rowNumber, cells, problems });
  });
  return { format: 'xlsx', rows, unknownHeaders };
}

/** Detects the format from the file name / content type / magic bytes ("PK" = zip = xlsx). */
export async function readTable(bytes: Uint8Array, hint: { filename?: string; contentType?: string } = {}): Promise<RawTable> {
  const name = hint.filename?.toLowerCase() ?? '';
  const type = hint.contentType?.toLowerCase() ?? '';
  const zip = bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (name.endsWith('.xls')) throw new ImportFileError('不支持旧版 .xls 文件，请在Excel中另存为 .xlsx 或 CSV');
  if (zip || name.endsWith('.xlsx') || type.includes('spreadsheetml')) return readXlsx(bytes);
  return readCsv(bytes);
}
