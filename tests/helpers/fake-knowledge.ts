import type { Citation, KnowledgeBase, PolicyAnswer } from '../../src/knowledge/types.js';

/** A tiny stand-in knowledge base: answers when a question contains a known key word. */
export class FakeKnowledgeBase implements KnowledgeBase {
  readonly asked: string[] = [];
  constructor(
    private readonly clauses: (Citation & { keywords: string[] })[] = [
      {
        clauseId: 1,
        document: '甘肃省中长期职业技能培训规划（2018-2025年）',
        label: '四（一）3',
        heading: '四、重点任务 > （一） > 3',
        text: '持续开展……残疾人职业技能提升计划……',
        keywords: ['残疾', '补贴', '培训'],
      },
    ],
  ) {}

  async ask(question: string): Promise<PolicyAnswer> {
    this.asked.push(question);
    const hit = this.clauses.find((c) => c.keywords.some((k) => question.includes(k)));
    if (!hit) return { answered: false, text: '政策里没有写到这个，请拨打12333咨询。', citations: [], confidence: 0 };
    const { keywords: _k, ...citation } = hit;
    return { answered: true, text: `答：${hit.text}（${hit.label}）回复1看原文`, citations: [citation], confidence: 0.9 };
  }

  async clause(id: number): Promise<Citation | null> {
    const hit = this.clauses.find((c) => c.clauseId === id);
    if (!hit) return null;
    const { keywords: _k, ...citation } = hit;
    return citation;
  }

  async clausesMentioning(term: string): Promise<Citation[]> {
    return this.clauses.filter((c) => c.text.includes(term)).map(({ keywords: _k, ...c }) => c);
  }
}
