/**
 * User-facing text of the kernel (welcome, leaving a flow, errors, unsupported input), in one
 * place so tone and SMS length are handled together. The menu text is built from the features'
 * menu items (menu.ts); each feature keeps its own texts next to its dialogs.
 */
export const texts = {
  welcome: '您好！我是陇原技能助手，帮您了解甘肃职业技能培训政策、找免费/补贴培训课程。',
  left: '好的，已退出。',
  nothingToLeave: '现在没有进行中的事项。',
  error: '抱歉，系统刚才出了点问题，请稍后再试，或回复“菜单”重新开始。',
  voiceNotUnderstood: '抱歉，没听清您的语音。请打字告诉我，或回复数字选择：',
  unsupported: '暂时只能看懂文字和位置。请打字告诉我，或回复“菜单”。',
} as const;
