/**
 * Gazetteer: resolves free-text Gansu place names to a point.
 * Order: exact name/alias/core (榆中 → 榆中县) → a mention inside a longer text (甘肃省榆中县夏官营镇)
 * → fuzzy (homophones and small typos: 于中 → 榆中县, 惠宁 → 会宁县) → unknown with suggestions.
 * Prefecture names (定西, 白银, 临夏) are ambiguous: the options list the matching counties, the
 * prefecture seat first.
 */
import type { Place, PlaceResolution } from './types.js';
import { loadGazetteerData, type County, type GazetteerData, type Township } from './gazetteer-data.js';
import { editDistance, fuzzyPinyin, similarity } from './gazetteer-fuzzy.js';
import { haversineKm } from './search-index.js';

type Entry = { kind: 'county'; code: string } | { kind: 'township'; t: Township } | { kind: 'prefecture'; name: string };

interface Key {
  text: string;
  pinyin: string[];
  entries: Entry[];
  /** A bare core (suffix stripped) that is also an everyday word: not matched inside sentences. */
  weakInText: boolean;
}

const COUNTY_SUFFIX = /(?:(?:回族|藏族|裕固族|蒙古族|哈萨克族|保安族东乡族撒拉族|族)?自治县|县|区|市)$/;
const TOWNSHIP_SUFFIX = /(?:(?:回族|藏族|东乡族|土族)?乡|镇|街道)$/;
const PREFECTURE_SUFFIX = /(?:(?:回族|藏族)?自治州|州|市)$/;
/** Cores that are common words (合作社, 安宁, 和平, 清水…): only matched as the whole input. */
const WEAK_CORES = new Set(['安宁', '和平', '合作', '清水', '安定', '新区', '城关', '高台', '民乐', '平川', '永昌', '景泰']);
/** Cores not derived automatically (every county has a 城关镇). */
const NO_AUTO_CORE = new Set(['城关']);
const NOISE = /^(?:甘肃省|甘肃)|(?:附近|一带|这边|那边|周边|地区|那里|这里|的)$/g;

function core(name: string, suffix: RegExp): string | null {
  const stripped = name.replace(suffix, '');
  return stripped !== name && stripped.length >= 2 ? stripped : null;
}

/** The Gansu gazetteer (stateless after construction; safe to share). */
export class Gazetteer {
  private readonly data: GazetteerData;
  private readonly countyByCode: Map<string, County>;
  private readonly keys = new Map<string, Key>();
  private readonly keyList: Key[];

  constructor(data: GazetteerData = loadGazetteerData()) {
    this.data = data;
    this.countyByCode = new Map(data.counties.map((c) => [c.code, c]));
    for (const c of data.counties) {
      const entry: Entry = { kind: 'county', code: c.code };
      this.add(c.name, entry, false);
      for (const a of c.aliases) this.add(a, entry, false);
      const cc = core(c.name, COUNTY_SUFFIX);
      if (cc && !NO_AUTO_CORE.has(cc)) this.add(cc, entry, false);
    }
    for (const t of data.townships) {
      const entry: Entry = { kind: 'township', t };
      this.add(t.name, entry, WEAK_CORES.has(t.name));
      const tc = core(t.name, TOWNSHIP_SUFFIX);
      if (tc) this.add(tc, entry, true);
    }
    for (const pref of new Set(data.counties.map((c) => c.prefecture))) {
      const entry: Entry = { kind: 'prefecture', name: pref };
      this.add(pref, entry, false);
      const pc = core(pref.replace(/(?:回族|藏族)自治州$/, '州'), PREFECTURE_SUFFIX);
      if (pc) {
        this.add(pc, entry, false);
        if (pref.endsWith('自治州')) this.add(`${pc}州`, entry, false);
      }
    }
    this.keyList = [...this.keys.values()];
  }

  private add(text: string, entry: Entry, weak: boolean): void {
    let key = this.keys.get(text);
    if (!key) {
      key = { text, pinyin: fuzzyPinyin(text), entries: [], weakInText: true };
      this.keys.set(text, key);
    }
    key.weakInText = key.weakInText && (weak || WEAK_CORES.has(text));
    key.entries.push(entry);
  }

  /** All county-level places (the 86 plus 兰州新区 and 嘉峪关市). */
  counties(): Place[] {
    return this.data.counties.map((c) => this.countyPlace(c.code)!);
  }

  /** The county whose seat is nearest to a point, or null when every seat is over `maxKm` away (outside Gansu). */
  nearestCounty(point: { lat: number; lng: number }, maxKm = 150): Place | null {
    let best: Place | null = null;
    let bestKm = Infinity;
    for (const c of this.counties()) {
      const km = haversineKm(point.lat, point.lng, c.lat, c.lng);
      if (km < bestKm) [best, bestKm] = [c, km];
    }
    return bestKm <= maxKm ? best : null;
  }

  /** The place of a county by adcode, or null. */
  countyPlace(code: string): Place | null {
    const c = this.countyByCode.get(code);
    return c ? { countyCode: c.code, county: c.name, prefecture: c.prefecture, lat: c.lat, lng: c.lng } : null;
  }

  private townshipPlace(t: Township): Place {
    const c = this.countyByCode.get(t.countyCode)!;
    return { ...this.countyPlace(c.code)!, township: t.name, ...(t.lat !== null && t.lng !== null ? { lat: t.lat, lng: t.lng } : {}) };
  }

  /** Counties of a prefecture, the seat first. */
  private prefectureCounties(name: string): Place[] {
    const seat = this.data.prefectureSeats.get(name);
    const list = this.data.counties.filter((c) => c.prefecture === name && !(c.special && c.code === '620171'));
    list.sort((a, b) => Number(b.code === seat) - Number(a.code === seat));
    return list.map((c) => this.countyPlace(c.code)!);
  }

  /** Turns the entries of the keys that matched into a resolution. */
  private fromEntries(entries: Entry[]): PlaceResolution {
    const counties: Place[] = [];
    const townships: Place[] = [];
    const prefectures: Place[] = [];
    for (const e of entries) {
      if (e.kind === 'county') counties.push(this.countyPlace(e.code)!);
      else if (e.kind === 'township') townships.push(this.townshipPlace(e.t));
      else prefectures.push(...this.prefectureCounties(e.name));
    }
    // A county match outranks townships of the same name; a prefecture name widens the choice.
    const base = counties.length ? counties : townships;
    const seen = new Set<string>();
    const options = [...base, ...(counties.length || !townships.length ? prefectures : [])].filter((p) => {
      const id = `${p.countyCode}/${p.township ?? ''}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (options.length === 1) return { kind: 'found', place: options[0]! };
    if (options.length === 0) return { kind: 'unknown', suggestions: [] };
    return { kind: 'ambiguous', options };
  }

  /** Resolves a place name typed by a user. */
  resolve(text: string): PlaceResolution {
    const input = text.replace(/[\s,，。.!！?？、]/g, '').replace(/县城$/, '县').replace(NOISE, '');
    if (!input) return { kind: 'unknown', suggestions: [] };
    const exact = this.keys.get(input);
    if (exact) return this.fromEntries(exact.entries);
    const mentioned = this.findInText(input, true);
    if (mentioned) return mentioned;
    return this.fuzzy(input);
  }

  private fuzzy(input: string): PlaceResolution {
    const stripped = core(input, COUNTY_SUFFIX) ?? core(input, TOWNSHIP_SUFFIX) ?? input;
    const candidates = stripped === input ? [input] : [input, stripped];
    for (const cand of candidates) {
      const py = fuzzyPinyin(cand);
      const homophones = this.keyList.filter((k) => k.pinyin.length === py.length && k.pinyin.join(' ') === py.join(' '));
      if (homophones.length) return this.fromEntries(homophones.flatMap((k) => k.entries));
    }
    // Small typos: one character or syllable off in a name core of 3+ characters (suffixes such as
    // 县/镇 are ignored, so 火星县 does not match 崇信县 through the shared 县).
    const bare = (t: string) => core(t, COUNTY_SUFFIX) ?? core(t, TOWNSHIP_SUFFIX) ?? t;
    const typos = this.keyList.filter((k) => {
      const kc = bare(k.text);
      if (stripped.length < 3 || kc.length < 3 || Math.abs(kc.length - stripped.length) > 1) return false;
      return editDistance([...stripped], [...kc]) <= 1 || editDistance(fuzzyPinyin(stripped), fuzzyPinyin(kc)) <= 1;
    });
    if (typos.length) {
      const r = this.fromEntries(typos.flatMap((k) => k.entries));
      if (r.kind === 'found') return r;
    }
    return { kind: 'unknown', suggestions: this.suggest(stripped) };
  }

  /** Up to 5 closest county/township names, for "did you mean". */
  suggest(input: string, max = 5): string[] {
    const py = fuzzyPinyin(input);
    const scored = this.keyList
      .map((k) => ({ k, s: similarity(input, py, k.text, k.pinyin) }))
      .filter((x) => x.s >= 0.34)
      .sort((a, b) => b.s - a.s);
    const names: string[] = [];
    for (const { k } of scored) {
      for (const e of k.entries) {
        const name =
          e.kind === 'county' ? this.countyByCode.get(e.code)!.name : e.kind === 'township' ? `${this.countyByCode.get(e.t.countyCode)!.name}${e.t.name}` : e.name;
        if (!names.includes(name)) names.push(name);
      }
      if (names.length >= max) break;
    }
    return names.slice(0, max);
  }

  /** Finds a place mentioned inside a sentence ("榆中有电工班吗" → 榆中县), or null. */
  findInText(text: string, allowWeak = false): PlaceResolution | null {
    const hits: { key: Key; at: number }[] = [];
    for (const key of this.keyList) {
      if (key.text.length < 2 || (key.weakInText && !allowWeak)) continue;
      const at = text.indexOf(key.text);
      if (at >= 0) hits.push({ key, at });
    }
    if (!hits.length) return null;
    // Longest mentions win; drop mentions contained in a longer one.
    hits.sort((a, b) => b.key.text.length - a.key.text.length || a.at - b.at);
    const kept: typeof hits = [];
    for (const h of hits) {
      const inside = kept.some((k) => h.at >= k.at && h.at + h.key.text.length <= k.at + k.key.text.length);
      if (!inside) kept.push(h);
    }
    // "榆中县夏官营镇": a township whose county is also mentioned is the most precise answer.
    const countiesBesides = (key: Key) =>
      new Set(kept.filter((h) => h.key !== key).flatMap((h) => h.key.entries.flatMap((e) => (e.kind === 'county' ? [e.code] : []))));
    const prefecturesBesides = (key: Key) =>
      new Set(kept.filter((h) => h.key !== key).flatMap((h) => h.key.entries.flatMap((e) => (e.kind === 'prefecture' ? [e.name] : []))));
    for (const h of kept) {
      const countyCodes = countiesBesides(h.key);
      const t = h.key.entries.find(
        (e): e is Extract<Entry, { kind: 'township' }> => e.kind === 'township' && countyCodes.has(e.t.countyCode),
      );
      if (t) return { kind: 'found', place: this.townshipPlace(t.t) };
    }
    // "兰州市榆中县": a county inside a mentioned prefecture.
    for (const h of kept) {
      const prefNames = prefecturesBesides(h.key);
      if (prefNames.size) {
        const c = h.key.entries.find(
          (e): e is Extract<Entry, { kind: 'county' }> =>
            e.kind === 'county' && prefNames.has(this.countyByCode.get(e.code)!.prefecture),
        );
        if (c) return { kind: 'found', place: this.countyPlace(c.code)! };
      }
    }
    kept.sort((a, b) => a.at - b.at);
    return this.fromEntries(kept[0]!.key.entries);
  }
}
