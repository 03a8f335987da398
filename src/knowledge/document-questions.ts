/**
 * Questions about the plan itself rather than one measure in it: who leads an item (the plan's
 * note that the first department listed leads), what a list section holds (几条原则), what the
 * plan wants to achieve in the end (its goals section). Pure functions over clause texts.
 */

/** Asks which department leads or is responsible. */
export const LEADS_ASK = /(?:谁|哪个|哪家|哪一个|哪些)(?:是)?(?:部门|单位|厅局?)?(?:来)?(?:牵头|负责|主管)|牵头(?:的)?(?:是)?(?:谁|哪个|哪家|单位|部门)|归哪个部门/u;

/** The plan's note that the first department listed leads. */
export const LEAD_NOTE = /列第一位者?为牵头单位/u;

/** Refers to the plan's items or their department lists (每条, 这一项, 括号里列的). */
export const ITEM_REF = /条|项|括号|列(?:的|了|着|出)|排(?:第|在)/u;

/** Words about the plan's items and departments in general (they name no item). */
export const GENERIC_ITEM_WORD = /条|项|括号|部门|单位|厅|局/u;

/** The departments a clause lists as responsible (（省人社厅、省教育厅等按职责分工负责…）), in order. */
export function departmentsOf(text: string): string[] {
  const m = /[（(]([^（）()]*?)等?按职责分工负责/u.exec(text);
  if (!m) return [];
  return m[1]!
    .split('、')
    .map((d) => d.replace(/等$/u, '').trim())
    .filter((d) => d.length > 0);
}

/** The department listed first most often (the usual lead), or null. */
export function usualLead(texts: string[]): string | null {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const first = departmentsOf(t)[0];
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Asks what the plan wants to achieve in the end (最后想弄成个啥局面, 最终要达到什么). */
export const END_STATE_ASK = /(?:最后|最终|到头来|将来|到最后)[^，。？！?!,]{0,8}(?:弄成|搞成|达到|实现|成为|啥样|什么样|局面|样子|效果)/u;

/** The head noun of a section title (基本原则 → 原则, 主要目标 → 目标). */
export function headNoun(title: string): string {
  return title.length > 2 ? title.slice(-2) : title;
}
