/** The main menu items as the shipped features register them (policy, courses ×3, handoff). */
export const MENU_ITEMS = [
  { key: 'policy', label: '问政策' },
  { key: 'courses', label: '找课程' },
  { key: 'my', label: '我的报名' },
  { key: 'startup', label: '创业指导' },
  { key: 'human', label: '找人工' },
] as const;
