/**
 * Chinese labels of the target groups (GroupKey) and a tolerant parser for what people type.
 */
import { GROUP_KEYS, type GroupKey } from './types.js';

/** Short Chinese label per group key. */
export const GROUP_LABELS: Record<GroupKey, string> = {
  poverty: '建档立卡/脱贫户',
  dibao: '低保家庭',
  disabled: '残疾人',
  migrant: '农民工',
  returnee: '返乡创业人员',
  graduate: '高校毕业生',
  lianghousheng: '两后生',
  veteran: '退役军人',
  unemployed: '失业人员',
  women: '妇女',
};

const WORDS: Record<GroupKey, string[]> = {
  poverty: ['建档立卡', '脱贫户', '贫困户', '脱贫', '监测户'],
  dibao: ['低保'],
  disabled: ['残疾'],
  migrant: ['农民工', '外出务工', '打工', '务工'],
  returnee: ['返乡', '回乡创业'],
  graduate: ['毕业生', '大学生', '高校毕业'],
  lianghousheng: ['两后生', '初中毕业', '高中毕业'],
  veteran: ['退役军人', '退伍', '复员', '转业'],
  unemployed: ['失业', '下岗', '没工作'],
  women: ['妇女', '女性'],
};

/** The label of a group key (the key itself when unknown). */
export function groupLabel(key: string): string {
  return (GROUP_LABELS as Record<string, string>)[key] ?? key;
}

/** Group keys or labels or common words ("贫困户", "退伍") → group keys; unknown entries are dropped. */
export function parseGroupWords(values: string[]): GroupKey[] {
  const out = new Set<GroupKey>();
  for (const raw of values) {
    const v = raw.trim();
    if (!v) continue;
    if ((GROUP_KEYS as readonly string[]).includes(v)) {
      out.add(v as GroupKey);
      continue;
    }
    for (const key of GROUP_KEYS) {
      if (GROUP_LABELS[key] === v || WORDS[key].some((w) => v.includes(w))) out.add(key);
    }
  }
  return [...out];
}
