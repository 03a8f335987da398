/**
 * Wording of proactive messages and of the answers to them, in one place: short enough for one
 * or two SMS segments when the course title and place are short. Numbered choices always have
 * words too (the reply handling accepts both).
 */
import { chinaIsoDate, chinaMonthDay } from '../shared/china-time.js';

export interface ReminderCourse {
  title: string;
  startDate: Date;
  address: string;
  online: boolean;
  contact: string;
}

/** The carriers' opt-out hint that ends an SMS announcement (SMS_OPT_OUT_TEXT overrides it in the SMS channel). */
export const DEFAULT_SMS_OPT_OUT_TEXT = '拒收请回复R';

const hours = (h: number) => (h % 24 === 0 ? `${h / 24 === 1 ? '24小时' : `${h / 24}天`}` : `${h}小时`);

export const noticeTexts = {
  classReminder(course: ReminderCourse): string {
    const where = course.online ? '线上课程' : course.address || '见报名信息';
    const contact = course.contact ? `，咨询${course.contact}` : '';
    return `【开课提醒】您报名的“${course.title}”${chinaMonthDay(course.startDate)}开课，地点：${where}，请带身份证${contact}。回复1确认参加，2请假，3取消报名。`;
  },
  /** A staff member's answer to a request for a person. */
  staffReply(text: string): string {
    return `【工作人员答复】${text}`;
  },
  /** Promotion that is final at once (no confirmation limit configured). */
  waitlistPromoted(course: { title: string; startDate: Date }): string {
    return `好消息：您候补的「${course.title}」有空位了，已为您转为正式报名，${chinaIsoDate(course.startDate)}开课。回复“我的报名”查看。`;
  },
  waitlistOffer(course: { title: string; startDate: Date }, holdHours: number): string {
    return `好消息：您候补的「${course.title}」有空位了（${chinaMonthDay(course.startDate)}开课）。请在${hours(holdHours)}内回复1确认参加，回复2放弃；不回复名额将让给下一位。`;
  },
  offerExpired(course: { title: string }): string {
    return `您候补的「${course.title}」名额未在期限内确认，已让给下一位。如还想参加，可回复“找课程”重新报名。`;
  },
  courseChanged(course: ReminderCourse): string {
    const where = course.online ? '线上课程' : course.address || '见报名信息';
    return `【课程变更】您报名的“${course.title}”改为${chinaMonthDay(course.startDate)}开课，地点：${where}。不能参加请回复“我的报名”取消。`;
  },
  courseCancelled(course: { title: string; contact: string }): string {
    return `【课程取消】很抱歉，您报名的“${course.title}”已取消${course.contact ? `，咨询${course.contact}` : ''}。回复“找课程”看看别的课。`;
  },
  interestMatch(course: { title: string; startDate: Date; place: string }): string {
    return `【新课程】您关注的课程开班了：“${course.title}”，${course.place}，${chinaMonthDay(course.startDate)}开课。回复“找课程”查看报名。`;
  },
  followUp(course: { title: string }): string {
    return `您好！您参加过“${course.title}”培训，现在情况怎么样？回复1已就业，2已创业，3还在找，4不方便说。`;
  },
} as const;

/** Answers to replies in a proactive message's context, and to opt-out words. */
export const replyTexts = {
  reminder: {
    confirmed: '好的，已记录您确认参加，开课见！',
    leave: '已记录您请假。需要补课或改期请联系培训机构。',
    cancel: '已为您取消这次报名。',
  },
  offer: {
    confirmed: '已确认，名额给您留好了，开课前一天会提醒您。',
    declined: '好的，已放弃这个名额，让给下一位。',
    gone: '这个名额已经不在了（已过期或已取消）。回复“我的报名”查看。',
  },
  followUp: {
    employed: '恭喜您找到工作！已记录。',
    entrepreneur: '祝您创业顺利！已记录。',
    seeking: '已记录。回复“找课程”看看新课程，也可以问我就业政策。',
    undisclosed: '好的，谢谢您。',
  },
  optedOut: '已退订：今后不再给您发课程公告。开课提醒和报名消息照常发送。回复“订阅”可恢复。',
  optedOutAll: '已全部退订：今后不再主动给您发消息（您问我仍会回答）。回复“订阅”可恢复。',
  optedIn: '已恢复通知，有合适的课程会告诉您。',
  notOptedOut: '您没有退订，通知照常发送。',
} as const;
