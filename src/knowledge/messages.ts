/** User-facing texts of the knowledge base (Chinese). */

export const kbMessages = {
  /** Referral appended to every abstain. */
  referral: '请拨打12333人社服务热线，或咨询县人社局/就业服务中心。',
  abstainGeneric: '政策文件里没有写到这个问题，我不能乱说。',
  abstainFact: (what: string) => `政策文件里没有写具体的${what}，我不能乱说。`,
  abstainPlace: (place: string) => `这里只有甘肃省的培训政策，没有${place}的政策。`,
  abstainTopic: (topic: string) => `“${topic}”不归职业培训政策管，培训规划里没有写，我不能乱说。`,
  readMore: '回复1看原文',
  expired: (document: string, date: string) => `《${document}》已于${date}失效，不再引用。`,
  /** Title of the virtual document holding staff question–answer entries. */
  qaDocument: '人工答复库',
  empty: '请把您想问的政策问题发给我，比如“打工的能参加哪些培训”。',
  overview: (title: string, n: number, items: string[]) => `${title}共${n}条：${items.join('；')}。`,
} as const;

/** Words for the fact kinds of scope.ts. */
export const factWords: Record<string, string> = {
  money: '金额和补贴标准',
  day: '开课或办理的具体日期',
  contact: '电话和地址',
  rate: '这个比例',
  number: '这个数字',
};
