/** User-facing texts of the knowledge base (Chinese). */

export const kbMessages = {
  /** Referral appended to every abstain. */
  referral: '请拨打12333人社服务热线，或咨询县人社局/就业服务中心。',
  abstainGeneric: '政策文件里没有写到这个问题，我不能乱说。',
  abstainFact: (what: string) => `政策文件里没有写具体的${what}，我不能乱说。`,
  abstainPlace: (place: string) => `这里只有甘肃省的培训政策，没有${place}的政策。`,
  abstainTopic: (topic: string) => `“${topic}”不归职业培训政策管，培训规划里没有写，我不能乱说。`,
  /** Out-of-scope topics with their own office (replaces `referral`); keys of other-topics.txt. */
  referrals: {
    wages: '欠工资的事不归培训政策管，请找县人社局劳动保障监察大队投诉，或拨打12333。',
    disputes: '劳动合同、工伤、辞退这类纠纷不归培训政策管，请找县人社局劳动保障监察或劳动人事争议仲裁院，也可拨打12333。',
    'social-insurance': '养老金、社保的事不归培训政策管，请找当地社保经办机构，或拨打12333。',
    medical: '医保、看病报销的事不归培训政策管，请找县医保局（医疗保障部门）。',
    hukou: '户口、身份证的事不归培训政策管，请到当地公安派出所办理。',
    dibao: '低保、救助的事不归培训政策管，请找乡镇民政所或县民政局。',
    'housing-fund': '公积金的事不归培训政策管，请找当地住房公积金管理中心。',
    driving: '驾照的事不归培训政策管，请找公安交管部门（车管所）。',
    loans: '创业贷款培训规划里没有写，请问县就业服务中心（人社局），或拨打12333。',
    education: '上学、考试的事不归培训政策管，请找县教育局。',
    housing: '住房保障的事不归培训政策管，请找县住建局。',
    farming: '农业补贴、土地的事不归培训政策管，请找乡镇农业站或县农业农村局。',
    tax: '税的事不归培训政策管，请找当地税务局，或拨打12366。',
    refund: '培训退费规划里没有写，请找培训机构协商，不成再找县人社局（就业服务中心）反映，或拨打12333。',
  } as Record<string, string>,
  /** Asking back when two or three clauses fit about equally. */
  choose: (topics: string[]) => `您是想问：\n${topics.map((t, i) => `${i + 1} ${t}`).join('\n')}\n回复数字或直接说。`,
  /** Cost questions: what the plan says about subsidized training, then what it does not say. */
  costLead: '规划里写：',
  costUnknown: '具体免不免费、补多少，规划没写，请问12333或县人社局。',
  readMore: '回复1看原文',
  expired: (document: string, date: string) => `《${document}》已于${date}失效，不再引用。`,
  /** Title of the virtual document holding staff question–answer entries. */
  qaDocument: '人工答复库',
  empty: '请把您想问的政策问题发给我，比如“打工的能参加哪些培训”。',
  /** After an answer whose question also asked a detail the plan does not give. */
  partial: (what: string) => `具体的${what}规划没写，请问县人社局。`,
  /** Who leads an item (the plan's note: the first department listed leads). */
  leads: (department: string) => `这条由${department}牵头（括号里列第一位的是牵头单位）。`,
  leadNote: (usual: string | null) =>
    `规划写明：每条后面括号里列的部门，列第一位者为牵头单位${usual ? `，多数条目是${usual}` : ''}。`,
  overview: (title: string, n: number, items: string[]) => `${title}共${n}条：${items.join('；')}。`,
} as const;

/** Words for the fact kinds of scope.ts. */
export const factWords: Record<string, string> = {
  money: '金额和补贴标准',
  day: '开课或办理的具体日期',
  contact: '电话和地址',
  rate: '这个比例',
  share: '所占的数目或比例',
  local: '各县乡的数字',
  application: '证件办理办法',
  number: '这个数字',
  logistics: '吃住和路费安排',
  paperwork: '材料和手续',
  age: '年龄条件',
  guarantee: '包分配或保证就业',
};
