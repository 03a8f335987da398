import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../../src/courses/gazetteer.js';
import { loadGazetteerData } from '../../src/courses/gazetteer-data.js';
import type { PlaceResolution } from '../../src/courses/types.js';

const g = new Gazetteer();
const found = (r: PlaceResolution | null) => {
  if (r?.kind !== 'found') throw new Error(`expected found, got ${JSON.stringify(r)}`);
  return r.place;
};

describe('gazetteer data', () => {
  it('ships all 86 county-level divisions plus 兰州新区 and 嘉峪关市', () => {
    const data = loadGazetteerData();
    expect(data.counties.filter((c) => !c.special)).toHaveLength(86);
    expect(data.counties.filter((c) => c.special).map((c) => c.name).sort()).toEqual(['兰州新区', '嘉峪关市'].sort());
    expect(data.townships.length).toBeGreaterThanOrEqual(132);
  });
});

describe('resolve', () => {
  it('exact names and aliases', () => {
    expect(found(g.resolve('榆中县')).county).toBe('榆中县');
    expect(found(g.resolve('榆中')).county).toBe('榆中县');
    expect(found(g.resolve('东乡')).county).toBe('东乡族自治县');
    expect(found(g.resolve('安西')).county).toBe('瓜州县');
    expect(found(g.resolve(' 甘肃省 会宁县 ')).county).toBe('会宁县');
  });

  it('homophones and small typos', () => {
    expect(found(g.resolve('于中')).county).toBe('榆中县');
    expect(found(g.resolve('惠宁')).county).toBe('会宁县');
    expect(found(g.resolve('会林')).county).toBe('会宁县'); // n/l dialect confusion
    expect(found(g.resolve('甘古县')).county).toBe('甘谷县');
    expect(found(g.resolve('敦黄')).county).toBe('敦煌市');
  });

  it('township → county with the township point', () => {
    const p = found(g.resolve('夏官营镇'));
    expect(p).toMatchObject({ county: '榆中县', township: '夏官营镇', lat: 35.9426, lng: 104.1718 });
    const noPoint = found(g.resolve('榆中县韦营乡'));
    expect(noPoint).toMatchObject({ county: '榆中县', township: '韦营乡', lat: 35.8431 }); // county seat point
  });

  it('ambiguous names ask back', () => {
    const r = g.resolve('临夏');
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.options.slice(0, 2).map((o) => o.county)).toEqual(['临夏市', '临夏县']);
    const dx = g.resolve('定西');
    expect(dx.kind === 'ambiguous' && dx.options[0]!.county).toBe('安定区'); // prefecture seat first
    const by = g.resolve('白银');
    expect(by.kind === 'ambiguous' && by.options[0]!.county).toBe('白银区');
  });

  it('special places: 兰州新区 and 嘉峪关', () => {
    expect(found(g.resolve('兰州新区')).prefecture).toBe('兰州市');
    expect(found(g.resolve('嘉峪关')).county).toBe('嘉峪关市');
    expect(found(g.resolve('秦川镇')).county).toBe('兰州新区');
  });

  it('unknown names come with close suggestions', () => {
    const r = g.resolve('临挑');
    expect(r.kind).toBe('unknown');
    expect(r.kind === 'unknown' && r.suggestions[0]).toBe('临洮县');
    expect(g.resolve('北京市朝阳区').kind).toBe('unknown');
    expect(g.resolve('火星县').kind).toBe('unknown'); // shares only the 县 with 崇信县
  });
});

describe('findInText', () => {
  it('finds a place inside a sentence', () => {
    expect(found(g.findInText('榆中有电工班吗')).county).toBe('榆中县');
    expect(found(g.findInText('我在会宁县柴家门镇')).township).toBe('柴家门镇');
    expect(found(g.findInText('兰州市榆中县的焊工')).county).toBe('榆中县');
    expect(g.findInText('在临夏找活')?.kind).toBe('ambiguous');
  });
  it('ignores common words and texts without places', () => {
    expect(g.findInText('合作社有培训吗')).toBeNull();
    expect(g.findInText('想学拉面')).toBeNull();
  });
});
