/**
 * User-facing text of the kernel (welcome, leaving a flow, errors, unsupported input), in one
 * place so tone and SMS length are handled together. The menu text is built from the features'
 * menu items (menu.ts); each feature keeps its own texts next to its dialogs.
 */
export const texts = {
  welcome: '您好！我是陇原技能助手，帮您了解甘肃职业技能培训政策、找免费/补贴培训课程。',
  /** The welcome when the first message is already a request: no menu (its answer brings its own choices). */
  welcomeLine: '您好！我是陇原技能助手。随时回复“菜单”看全部服务。',
  left: '好的，已退出。',
  nothingToLeave: '现在没有进行中的事项。',
  error: '抱歉，系统刚才出了点问题，请稍后再试，或回复“菜单”重新开始。',
  voiceNotUnderstood: '抱歉，没听清您的语音。请打字告诉我，或回复数字选择：',
  unsupported: '暂时只能看懂文字和位置。请打字告诉我，或回复“菜单”。',
  noise: '收到～我看不懂表情和语音，请打字告诉我您想做什么，比如“找课程”“问政策”。',
  noiseInFlow: '收到～我看不懂表情和语音，请打字回复上面的问题。',
  ack: '不客气！还有别的事直接说，或回复“菜单”。',
  ackInFlow: '好的，请接着回复上面的问题。',
  chitchat: '我是陇原技能助手，能帮您问培训政策、找课程、报名。您想办哪样？',
  confirmLeave: (what: string) => `要放弃${what}吗？已填的信息不会保存。\n1 放弃\n2 继续填写`,
  continueForm: '好的，继续。',
} as const;
