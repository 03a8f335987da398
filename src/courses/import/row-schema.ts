/**
 * zod schema for one imported catalog row (cells are strings, or Date/number from Excel).
 * Error messages are Chinese: they go straight into the staff's dry-run report.
 */
import { z } from 'zod';
import type { Gazetteer } from '../gazetteer.js';
import { parseGroupWords } from '../groups.js';
import { COURSE_CATEGORIES, type GroupKey } from '../types.js';

const DAY_MS = 86_400_000;
/** Gansu with a margin: rejects swapped lat/lng and points from elsewhere. */
const LAT_RANGE = [32, 43.5] as const;
const LNG_RANGE = [92, 109] as const;

type Cell = string | Date | number | undefined;
const text = (v: Cell) => (v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

const str = (label: string, max: number, required = true) =>
  z.custom<Cell>().transform((v, ctx) => {
    const s = text(v);
    if (required && !s) ctx.addIssue({ code: 'custom', message: `缺少「${label}」` });
    else if (s.length > max) ctx.addIssue({ code: 'custom', message: `「${label}」太长（最多${max}字）` });
    return s;
  });

const bool = (label: string, dflt: boolean) =>
  z.custom<Cell>().transform((v, ctx) => {
    const s = text(v).toLowerCase();
    if (!s) return dflt;
    if (['是', 'y', 'yes', 'true', '1', '√', '有'].includes(s)) return true;
    if (['否', 'n', 'no', 'false', '0', '×', '无', '不是'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `「${label}」应填 是/否，而不是「${s}」` });
    return dflt;
  });

/** Excel serial day 1 = 1900-01-01 (with Excel's 1900 leap-year bug, serial 25569 = 1970-01-01). */
const fromSerial = (n: number) => Math.round((n - 25569) * DAY_MS);

/** Parses 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, Excel dates and serials → UTC midnight ms. */
export function parseDate(v: Cell): number | null {
  if (v === undefined || v === '') return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : Date.UTC(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate());
  const s = String(v).trim();
  if (typeof v === 'number' || /^\d{5}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n > 20000 && n < 80000 ? fromSerial(Math.floor(n)) : null;
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : null;
}

const date = (label: string) =>
  z.custom<Cell>().transform((v, ctx) => {
    const ms = parseDate(v);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: text(v) ? `「${label}」不是有效日期：「${text(v)}」（格式如 2025-03-01）` : `缺少「${label}」` });
      return 0;
    }
    return ms;
  });

const intCell = (label: string, min: number, required: boolean) =>
  z.custom<Cell>().transform((v, ctx) => {
    const s = text(v);
    if (!s) {
      if (required) ctx.addIssue({ code: 'custom', message: `缺少「${label}」` });
      return null;
    }
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `「${label}」应为不小于${min}的整数，而不是「${s}」` });
      return null;
    }
    return n;
  });

const coord = (label: string, [lo, hi]: readonly [number, number]) =>
  z.custom<Cell>().transform((v, ctx) => {
    const s = text(v);
    if (!s) return null;
    const n = Number(s);
    if (!Number.isFinite(n) || n < lo || n > hi) {
      ctx.addIssue({ code: 'custom', message: `「${label}」应在${lo}～${hi}之间（甘肃省范围），而不是「${s}」` });
      return null;
    }
    return n;
  });

const STATUS: Record<string, 'open' | 'closed' | 'cancelled'> = {
  open: 'open', 报名中: 'open', 开放: 'open', 招生中: 'open', '': 'open',
  closed: 'closed', 已截止: 'closed', 截止: 'closed', 停止报名: 'closed', 关闭: 'closed',
  cancelled: 'cancelled', 取消: 'cancelled', 已取消: 'cancelled',
};
const LEVELS = ['初级', '中级', '高级', '技师', '高级技师', '五级', '四级', '三级', '二级', '一级'];
const LEVEL_NAMES: Record<string, string> = { 五级: '初级', 四级: '中级', 三级: '高级', 二级: '技师', 一级: '高级技师' };

/** Builds the row schema (county names are checked against the gazetteer). */
export function importRowSchema(gazetteer: Gazetteer) {
  return z
    .object({
      code: str('课程编码', 40).refine((s) => !s || /^[A-Za-z0-9_.-]+$/.test(s), '「课程编码」只能包含字母、数字、-、_、.'),
      title: str('课程名称', 100),
      occupation: str('工种', 50),
      category: str('培训类别', 20).refine((s) => !s || (COURSE_CATEGORIES as readonly string[]).includes(s), {
        message: `「培训类别」应为：${COURSE_CATEGORIES.join('、')}`,
      }),
      level: str('等级', 10, false).refine((s) => !s || LEVELS.includes(s), `「等级」应为：${LEVELS.slice(0, 5).join('、')} 或留空`),
      subsidized: bool('是否补贴', true),
      subsidy_note: str('补贴说明', 300, false),
      eligible_groups: str('面向人群', 200, false),
      start_date: date('开班日期'),
      end_date: date('结束日期'),
      schedule: str('上课安排', 200, false),
      duration_days: intCell('培训天数', 1, false),
      capacity: intCell('名额', 1, true),
      online: bool('线上', false),
      mobile: bool('送教下乡', false),
      county: str('县区', 30, false),
      township: str('乡镇', 30, false),
      address: str('培训地址', 200, false),
      lat: coord('纬度', LAT_RANGE),
      lng: coord('经度', LNG_RANGE),
      status: str('状态', 10, false).refine((s) => s.toLowerCase() in STATUS, '「状态」应为 报名中/已截止/已取消'),
      contact: str('联系方式', 100, false),
      institution: str('培训机构', 100, false),
      institution_type: str('机构类型', 30, false),
    })
    .transform((r, ctx) => {
      if (r.start_date && r.end_date && r.end_date < r.start_date) {
        ctx.addIssue({ code: 'custom', message: '「结束日期」早于「开班日期」' });
      }
      const groupWords = r.eligible_groups.split(/[、,，;；|/\s]+/).filter(Boolean);
      const groups: GroupKey[] = [];
      for (const w of groupWords) {
        if (/^(不限|全部|所有人|无)$/.test(w)) continue;
        const keys = parseGroupWords([w]);
        if (!keys.length) ctx.addIssue({ code: 'custom', message: `「面向人群」中的「${w}」无法识别` });
        groups.push(...keys);
      }
      if ((r.lat === null) !== (r.lng === null)) ctx.addIssue({ code: 'custom', message: '「纬度」「经度」要么都填，要么都不填' });
      let countyCode: string | null = null;
      let point: { lat: number; lng: number } | null = r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null;
      if (r.county) {
        const res = gazetteer.resolve(r.county);
        if (res.kind === 'found') {
          countyCode = res.place.countyCode;
          if (!point && r.township) {
            const t = gazetteer.resolve(`${res.place.county}${r.township}`);
            if (t.kind === 'found' && t.place.countyCode === countyCode) point = { lat: t.place.lat, lng: t.place.lng };
          }
          point ??= { lat: res.place.lat, lng: res.place.lng };
        } else if (res.kind === 'ambiguous') {
          ctx.addIssue({ code: 'custom', message: `「县区」「${r.county}」不明确，请写全称：${res.options.slice(0, 5).map((o) => o.county).join('、')}` });
        } else {
          const hint = res.suggestions.length ? `，您是不是要写：${res.suggestions.slice(0, 3).join('、')}` : '';
          ctx.addIssue({ code: 'custom', message: `未知县区「${r.county}」${hint}` });
        }
      } else if (!r.online) {
        ctx.addIssue({ code: 'custom', message: '线下课程必须填写「县区」' });
      }
      const durationDays = r.duration_days ?? (r.end_date >= r.start_date ? Math.round((r.end_date - r.start_date) / DAY_MS) + 1 : 1);
      return {
        code: r.code,
        title: r.title,
        occupation: r.occupation,
        category: r.category,
        level: r.level ? (LEVEL_NAMES[r.level] ?? r.level) : null,
        subsidized: r.subsidized,
        subsidyNote: r.subsidy_note,
        eligibleGroups: [...new Set(groups)],
        startDate: new Date(r.start_date),
        endDate: new Date(r.end_date),
        scheduleText: r.schedule,
        durationDays,
        capacity: r.capacity ?? 1,
        online: r.online,
        mobile: r.mobile,
        countyCode,
        township: r.township || null,
        address: r.address,
        lat: r.online && !r.county ? null : (point?.lat ?? null),
        lng: r.online && !r.county ? null : (point?.lng ?? null),
        status: STATUS[r.status.toLowerCase()]!,
        contact: r.contact,
        institution: r.institution ? { name: r.institution, type: r.institution_type || '培训机构' } : null,
      };
    });
}

export type ImportRow = z.output<ReturnType<typeof importRowSchema>>;
