import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/knowledge/ingest.js';
import { defaultCorpusFile } from '../../src/knowledge/lexicon.js';
import { normalizeText } from '../../src/knowledge/normalize.js';
import { repairText } from '../../src/knowledge/repair.js';

const raw = readFileSync(defaultCorpusFile, 'utf8');

describe('parsing the Gansu plan', () => {
  const { parsed, report } = analyzeText(raw);

  it('finds title, issuer, date and all clauses', () => {
    expect(parsed.title).toBe('甘肃省中长期职业技能培训规划（2018-2025年）');
    expect(parsed.issuer).toBe('甘肃省人民政府办公厅');
    expect(parsed.issuedAt?.toISOString().slice(0, 10)).toBe('2018-08-14');
    // notice + preamble + 一 + 5 principles + 4 goals + 14 tasks + 4 safeguards
    expect(parsed.clauses).toHaveLength(30);
    expect(new Set(parsed.clauses.map((c) => c.label)).size).toBe(30);
  });

  it('labels clauses and builds heading paths', () => {
    const byLabel = new Map(parsed.clauses.map((c) => [c.label, c]));
    const item = byLabel.get('四（一）6')!;
    expect(item.headingPath).toBe('四、重点任务 > （一）构建劳动者终身职业技能培训体系和工作机制 > 6');
    expect(item.heading).toBe('提升创业创新人员能力水平，着力推进创业创新培训');
    expect(item.text).toContain('会经营网店');
    const guide = byLabel.get('一')!;
    expect(guide.headingPath).toBe('一、指导思想');
    expect(guide.text.startsWith('以习近平新时代中国特色社会主义思想为指导')).toBe(true);
    const funds = byLabel.get('五（二）')!;
    expect(funds.headingPath).toBe('五、保障措施 > （二）多渠道筹集经费');
    expect(funds.text.startsWith('通过公共财政补贴')).toBe(true);
    expect(byLabel.get('二·促进普惠均等')?.headingPath).toBe('二、基本原则 > 促进普惠均等');
    expect(byLabel.get('序言')?.text.startsWith('为全面提高全省劳动者素质')).toBe(true);
    // "--" inside a line is not a bullet
    expect(byLabel.get('四（一）3')?.text).toContain('农民工职业技能提升计划--“春潮行动”');
  });

  it('repairs the lost decimal points and never says 15%-25%', () => {
    expect(report.repairs[0]?.rule).toBe('pua-e010-decimal-point');
    expect(report.repairs[0]?.count).toBe(2);
    expect(report.unrepaired).toEqual([]);
    const all = parsed.clauses.map((c) => c.text).join('\n');
    expect(all).toContain('1.5%-2.5%');
    expect(all).not.toContain('15%-25%');
    expect(all).not.toMatch(/[\uE000-\uF8FF]/u);
  });
});

describe('text repair', () => {
  it('reports unknown broken characters with their position', () => {
    const { text, report } = repairText('第一行\n比例为3\uE0105%，另有\uE123和\uFFFD。');
    expect(text).toContain('3.5%');
    expect(report.unrepaired.map((u) => u.codePoint)).toEqual(['U+E123', 'U+FFFD']);
    expect(report.unrepaired[0]).toMatchObject({ kind: 'private-use', line: 2 });
    expect(text).not.toMatch(/[\uE000-\uF8FF\uFFFD]/u);
  });

  it('leaves U+E010 outside digits unrepaired but reported', () => {
    const { report } = repairText('甲\uE010乙');
    expect(report.repairs).toEqual([]);
    expect(report.unrepaired[0]?.codePoint).toBe('U+E010');
  });
});

describe('normalization', () => {
  it('folds traditional characters and full-width forms', () => {
    expect(normalizeText('技師、高級技師培訓主要面向哪些產業？')).toBe('技师、高级技师培训主要面向哪些产业?');
    expect(normalizeText('互联网＋职业培训')).toBe('互联网+职业培训');
  });
});
