/**
 * Loads the shipped Gansu gazetteer (data/gansu/*.csv): 86 county-level divisions, sample
 * townships, plus two special places that are not among the 86 (兰州新区, 嘉峪关市).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataPath } from '../shared/data-path.js';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

export interface County {
  code: string;
  name: string;
  prefecture: string;
  lat: number;
  lng: number;
  aliases: string[];
  /** True for places outside the 86 divisions (兰州新区, 嘉峪关市). */
  special?: boolean;
}

export interface Township {
  code: string;
  name: string;
  countyCode: string;
  lat: number | null;
  lng: number | null;
}

export interface GazetteerData {
  counties: County[];
  townships: Township[];
  /** Prefecture name → the county code of its seat (used first when a prefecture name is given). */
  prefectureSeats: Map<string, string>;
}

const dataDir = dataPath('gansu');

const num = z.string().transform((v, ctx) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${v}` });
    return z.NEVER;
  }
  return n;
});

const divisionRow = z.object({
  adcode: z.string().regex(/^62\d{4}$/),
  county: z.string().min(1),
  prefecture: z.string().min(1),
  lat: num,
  lng: num,
  aliases: z.string().default(''),
});

const townshipRow = z.object({
  county_adcode: z.string().regex(/^62\d{4}$/),
  township_code: z.string(),
  township: z.string().min(1),
  lat: z.string(),
  lng: z.string(),
});

/** County seats of the 14 prefecture-level units. */
const SEATS: Record<string, string> = {
  兰州市: '城关区',
  嘉峪关市: '嘉峪关市',
  金昌市: '金川区',
  白银市: '白银区',
  天水市: '秦州区',
  武威市: '凉州区',
  张掖市: '甘州区',
  平凉市: '崆峒区',
  酒泉市: '肃州区',
  庆阳市: '西峰区',
  定西市: '安定区',
  陇南市: '武都区',
  临夏回族自治州: '临夏市',
  甘南藏族自治州: '合作市',
};

/** Places that are not county-level divisions but that users will name. */
const SPECIAL_COUNTIES: County[] = [
  // Approximate point near 中川 (facts.md §0: roughly 36.5N, 103.6–103.7E).
  { code: '620171', name: '兰州新区', prefecture: '兰州市', lat: 36.5, lng: 103.65, aliases: ['新区'], special: true },
  { code: '620201', name: '嘉峪关市', prefecture: '嘉峪关市', lat: 39.771, lng: 98.287, aliases: ['嘉峪关', '酒钢'], special: true },
];
const SPECIAL_TOWNSHIPS: Township[] = ['中川镇', '秦川镇', '西岔镇', '上川镇'].map((name, i) => ({
  code: `62017110${i}`,
  name,
  countyCode: '620171',
  lat: null,
  lng: null,
}));

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(dataDir, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

let cached: GazetteerData | null = null;

/** Reads and validates the CSVs once (a malformed shipped file is a programming error: throws). */
export function loadGazetteerData(): GazetteerData {
  if (cached) return cached;
  const counties: County[] = readCsv('divisions.csv').map((raw) => {
    const r = divisionRow.parse(raw);
    return {
      code: r.adcode,
      name: r.county,
      prefecture: r.prefecture,
      lat: r.lat,
      lng: r.lng,
      aliases: r.aliases.split('|').map((a) => a.trim()).filter(Boolean),
    };
  });
  counties.push(...SPECIAL_COUNTIES);
  const townships: Township[] = readCsv('townships-sample.csv').map((raw) => {
    const r = townshipRow.parse(raw);
    const lat = r.lat === '' ? null : Number(r.lat);
    const lng = r.lng === '' ? null : Number(r.lng);
    return { code: r.township_code, name: r.township, countyCode: r.county_adcode, lat, lng };
  });
  townships.push(...SPECIAL_TOWNSHIPS);
  const byName = new Map(counties.map((c) => [c.name, c.code]));
  const prefectureSeats = new Map<string, string>();
  for (const [pref, seat] of Object.entries(SEATS)) {
    const code = byName.get(seat);
    if (code) prefectureSeats.set(pref, code);
  }
  cached = { counties, townships, prefectureSeats };
  return cached;
}
