/**
 * User-facing Chinese text of the course dialogs (find, detail, eligibility, sign-up, my
 * sign-ups, entrepreneurship) and the small formatters they share. Short lines, numbered
 * choices; SMS splitting is the pipeline's job.
 */
import type { CourseView, EnrollmentView } from '../../courses/types.js';
import { groupLabel } from '../../courses/groups.js';

/** "2027-01-29" → "1月29日". */
export function shortDate(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : iso;
}

/** "榆中县 3.2km" / "线上" / "榆中县" — where a course is, as seen from the searcher. */
export function whereShort(c: CourseView): string {
  if (c.online) return '线上';
  const km = c.distanceKm === undefined ? '' : ` ${c.distanceKm < 10 ? c.distanceKm.toFixed(1) : Math.round(c.distanceKm)}km`;
  return `${c.county ?? c.address}${km}`;
}

/**
 * One numbered result line. `mine`: the searcher's stated groups; a course reserved for one of
 * them says so first ("两后生专班"), the only reason it was listed ahead of nearer ones.
 */
export function courseLine(n: number, c: CourseView, mine: readonly string[] = []): string {
  const seats = c.status === 'full' || c.seatsLeft <= 0 ? '已满可候补' : `剩${c.seatsLeft}位`;
  const group = c.eligibleGroups.find((g) => mine.includes(g));
  const mark = group ? `${groupLabel(group).split('/').pop()}专班，` : '';
  return `${n} ${c.title}（${mark}${whereShort(c)}，${shortDate(c.startDate)}开课，${seats}）`;
}

/** Subsidy as the catalog states it; never invents amounts. */
export function subsidyText(c: CourseView): string {
  if (!c.subsidized) return '非补贴性培训';
  return c.subsidyNote.trim() || '补贴性培训（标准请咨询联系人）';
}

export const courseTexts = {
  // find-courses
  askPlace: '您在哪个县区或乡镇？请回复地名，比如：榆中、夏官营。微信里也可以直接发送位置。',
  askPlaceAgain: '请回复县区或乡镇名，比如：会宁、安定区。',
  placeAmbiguous: (name: string, options: string[]) =>
    [name ? `“${name}”有几个地方，您说的是：` : '有几个同名的地方，您说的是：', ...options.map((o, i) => `${i + 1} ${o}`), '回复数字选择'].join('\n'),
  placeUnknown: (text: string, suggestions: string[]) =>
    suggestions.length
      ? [`没找到“${text}”，您是说：`, ...suggestions.map((s, i) => `${i + 1} ${s}`), '回复数字选择，或重新输入地名'].join('\n')
      : `没找到“${text}”这个地方，请换个说法，比如县区名：榆中、会宁。`,
  usingSavedPlace: (county: string) => `按您上次的地点（${county}）查找，换地方请直接回复地名。`,
  askKeyword: [
    '想学什么？回复数字，或直接打字（比如：挖掘机）：',
    '1 电工/焊工',
    '2 厨师/拉面',
    '3 家政/育婴/养老',
    '4 电商/开网店',
    '5 种植养殖',
    '6 创业培训',
    '7 不限',
  ].join('\n'),
  resultsHeader: (where: string, what: string) => `${where}附近的${what}课程：`,
  resultsFooter: (more: boolean) => (more ? '回复数字看详情，回复8看更多' : '回复数字看详情'),
  onlineHeader: '附近暂时没有，这些线上课程可以报：',
  onlineOnlyHeader: '线上课程（在家就能学）：',
  noOnlineOf: (what: string) => `线上暂时没有${what || '这类'}课程。`,
  noMore: '没有更多了。回复数字看详情，或回复新的地名/工种重新找。',
  nothingFound: (where: string, what: string) =>
    `${where}附近暂时没有${what}课程。\n回复1 有合适课程时通知我\n也可以换个地名或工种再找。`,
  interestSaved: '好的，有合适的课程开班时会通知您。',
  sampleNote: '（示例数据，不是真实开班信息）',

  // course-detail
  courseNotFound: '没有找到这个课程，可能已下架。回复“找课”重新查找。',
  detailActions: (canEnroll: boolean, hasList: boolean) =>
    [
      '回复：',
      ...(canEnroll ? ['1 报名'] : []),
      '2 看我能不能报',
      hasList ? '3 返回列表' : '3 找其他课程',
      ...(canEnroll ? ['4 帮别人报名（代报名）'] : []),
    ].join('\n'),
  outOfRange: (max: number) => `请回复1～${max}之间的数字：`,
  /** Words that fit several lines of a list: which one, by number. */
  whichOfLines: (among: number[]) => `第${among.join('、')}个都对得上，您要哪一个？请回复数字：`,
  enrollClosed: '这个课程已停止报名，可以回复“找课”看看其他课程。',

  // eligibility
  everyoneEligible: (contact: string) =>
    `这个课程面向所有有培训需求的劳动者，您可以报名。具体以当地要求为准，可咨询：${contact}`,
  askGroup: (label: string) => `请问您是${label}吗？\n1 是\n2 不是`,
  eligibleYes: (label: string) => `您符合条件：这个课程面向${label}（以报名审核为准）。`,
  eligibleNo: (labels: string, contact: string) =>
    `您可能不符合条件：这个课程只面向${labels}。请咨询${contact}或拨打12333。`,
  basis: (doc: string, label: string) => `依据：《${doc}》${label}`,
  afterEligibility: (canEnroll: boolean) => (canEnroll ? '回复1报名，回复“找课”看其他课程' : '回复“找课”看其他课程'),
  yesNo: '请回复1（是）或2（不是）',

  // sign-up
  groupChatRefusal: '报名需要填写个人信息，请私聊我报名。',
  alreadySignedUp: (label: string) => `您已经报名了这个课程（${label}），不用重复报名。回复“我的报名”查看。`,
  proxyDuplicate: '这个手机号已经报过这个课程了，不用重复报名。',
  fullOfferWaitlist: '这个课程名额已满。\n1 排候补（有人取消就自动转正）\n2 不了',
  waitlistDeclined: '好的，可以回复“找课”看看其他课程。',
  startSelf: (title: string) => `报名「${title}」，需要填几项信息。`,
  startProxy: (title: string) => `帮别人报名「${title}」，请填写对方的信息。`,
  askName: (proxy: boolean) => (proxy ? '请输入对方的姓名：' : '请输入您的姓名：'),
  badName: '姓名需要2～20个字（汉字或字母），请重新输入：',
  confirmName: (name: string) => `报名姓名用“${name}”吗？\n1 是\n2 换一个`,
  askPhone: (proxy: boolean) => (proxy ? '请输入对方的手机号：' : '请输入您的手机号：'),
  badPhone: '手机号不对，请输入11位手机号码（如13912345678）：',
  confirmPhone: (phone: string) => `手机号用 ${phone} 吗？\n1 是\n2 换一个`,
  askGroupSelf: (label: string) => `这个课程面向${label}。您是${label}吗？\n1 是\n2 不是`,
  askGroupProxy: (label: string) => `这个课程面向${label}。对方是${label}吗？\n1 是\n2 不是`,
  notEligible: (labels: string, contact: string) =>
    `这个课程只面向${labels}，暂时不能报名。可以咨询${contact}或拨打12333，也可以回复“找课”看其他课程。`,
  consentSelf: '为办理培训报名，我们会保存您的姓名和手机号，仅用于培训管理。同意请回复1',
  consentProxy: '请确认对方已同意：为办理培训报名，我们会保存其姓名和手机号，仅用于培训管理。对方已同意请回复1',
  consentNeeded: '需要同意才能报名。同意请回复1，不报了请回复“取消”。',
  summary: (title: string, name: string, phone: string, groups: string, proxy: boolean) =>
    [
      proxy ? '请核对（代报名）：' : '请核对：',
      `课程：${title}`,
      `姓名：${name}`,
      `手机：${phone}`,
      ...(groups ? [`身份：${groups}`] : []),
      '1 确认报名',
      '2 修改',
      '3 取消',
    ].join('\n'),
  askEdit: '改哪一项？\n1 姓名\n2 手机号',
  pickOneTwoThree: '请回复1确认、2修改或3取消',
  formCancelled: '好的，已取消，没有保存任何信息。',
  confirmDiscard: (title: string) => `确定不报「${title}」了吗？已填的姓名、手机号不会保存。\n1 不报了\n2 继续报名`,
  switchTrade: (trade: string) => `好的，换成${trade}。`,
  confirmed: (title: string, start: string, proxy: boolean) =>
    proxy
      ? `已为对方报名成功：「${title}」，${start}开课。请提醒对方按时参加。`
      : `报名成功！「${title}」，${start}开课，开课前会提醒您。回复“我的报名”可查看或取消。`,
  waitlisted: (position: number, proxy: boolean) =>
    `名额已满，已为${proxy ? '对方' : '您'}排候补第${position}位。有人取消时会自动转正${proxy ? '' : '并通知您'}。`,
  courseFacts: {
    when: (c: CourseView) => `开课时间：${c.startDate}至${c.endDate}，${c.scheduleText || `共${c.durationDays}天`}。`,
    where: (c: CourseView) => `上课地点：${c.online ? '线上' : c.address || c.county || '请咨询联系人'}。`,
    fee: (c: CourseView) => `费用：${subsidyText(c)}。`,
  },

  // my-enrollments
  noEnrollments: '您还没有报名记录。回复“找课”找培训课程。',
  enrollmentsHeader: '您的报名：',
  enrollmentLine: (n: number, e: EnrollmentView) => `${n} ${e.courseTitle}（${shortDate(e.startDate)}开课）${e.label}`,
  enrollmentsFooter: (cancellable: boolean, more: number) =>
    [more > 0 ? `还有${more}条较早的记录未显示。` : '', cancellable ? '回复数字取消该报名' : ''].filter(Boolean).join('\n'),
  confirmCancel: (title: string) => `确定不参加「${title}」了吗？\n1 确定不参加\n2 保留报名`,
  notCancellable: (label: string) => `这条报名${label}，不能取消。`,
  cancelDone: (title: string) => `已取消「${title}」的报名。`,
  cancelKept: '好的，报名保留。',

  // entrepreneurship
  askStage: ['您现在是哪种情况？', '1 想创业，还没定做什么', '2 刚起步', '3 已经在经营', '4 想做电商/网店'].join('\n'),
  pickStage: '请回复1～4选择您的情况',
  startupOverview: '规划对创业的人有免费/补贴培训：创业意识和项目指导、创业实务、经营提升、网络创业。',
  stageAdvice: {
    1: '建议先参加创业意识教育和创业项目指导（如SYB创业培训），帮您找准项目、算清账。',
    2: '建议学习创业实务：企业注册、税务登记、人员管理、资金管理、市场营销。',
    3: '建议参加经营提升培训：学习发达地区的产业组织形式、经营管理方式和现代企业制度。',
    4: '建议参加网络创业培训：开网店、电商运营、直播带货。',
  } as Record<1 | 2 | 3 | 4, string>,
  startupCoursesHeader: (where: string | null) => (where ? `${where}附近的相关培训：` : '可以报名的相关培训：'),
  startupNoCourses: '暂时没有找到合适的开班，回复“找课”可按地点查找。',
  startupFooter: (hasPlace: boolean) =>
    hasPlace ? '回复数字看详情' : '回复数字看详情，回复地名（如：会宁）找附近的',
} as const;

/** Status labels shown in my-enrollments, by EnrollmentView.status (the view's own label wins). */
export const CANCELLABLE = new Set(['confirmed', 'waitlisted']);
