/**
 * User-facing text of the core (menu, global commands, errors), in one place so tone and SMS
 * length are handled together. Short lines, numbered choices. Feature modules keep their own
 * texts next to their dialogs in the same style.
 */

export const MENU_ITEMS = [
  { n: '1', key: 'policy', label: '问政策' },
  { n: '2', key: 'courses', label: '找课程' },
  { n: '3', key: 'my', label: '我的报名' },
  { n: '4', key: 'startup', label: '创业指导' },
  { n: '5', key: 'human', label: '找人工' },
] as const;

export type MenuKey = (typeof MENU_ITEMS)[number]['key'];

export const texts = {
  welcome: '您好！我是陇原技能助手，帮您了解甘肃职业技能培训政策、找免费/补贴培训课程。',
  menu: () =>
    ['请回复数字：', ...MENU_ITEMS.map((i) => `${i.n} ${i.label}`), '随时回复“菜单”回到这里'].join('\n'),
  left: '好的，已退出。',
  nothingToLeave: '现在没有进行中的事项。',
  handoffCreated: '已帮您转给工作人员，他们看到后会在这里回复您。急事请拨打12333。',
  handoffAlreadyOpen: '您的问题已在人工处理中，请耐心等待工作人员回复。急事请拨打12333。',
  comingSoon: '这项服务正在开通中，请先回复1问政策。',
  error: '抱歉，系统刚才出了点问题，请稍后再试，或回复“菜单”重新开始。',
  voiceNotUnderstood: '抱歉，没听清您的语音。请打字告诉我，或回复数字选择：',
  locationNoted: '收到您的位置。',
  unsupported: '暂时只能看懂文字和位置。请打字告诉我，或回复“菜单”。',
  askPolicyPrompt: '请直接说您想问的政策，比如：“俺是残疾人，能参加培训不？”',
  noClause: '这条原文找不到了，请重新提问。',
} as const;
