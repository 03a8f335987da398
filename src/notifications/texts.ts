/**
 * Wording of proactive messages (reminders, waitlist news), in one place: short enough for one
 * SMS segment when the course title and place are short.
 */
import { chinaIsoDate, chinaMonthDay } from '../shared/china-time.js';

export interface ReminderCourse {
  title: string;
  startDate: Date;
  address: string;
  online: boolean;
  contact: string;
}

export const noticeTexts = {
  classReminder(course: ReminderCourse): string {
    const where = course.online ? '线上课程' : course.address || '见报名信息';
    const contact = course.contact ? `，咨询${course.contact}` : '';
    return `【开课提醒】您报名的“${course.title}”${chinaMonthDay(course.startDate)}开课，地点：${where}${contact}。不能参加请回复“我的报名”取消。`;
  },
  /** A staff member's answer to a request for a person. */
  staffReply(text: string): string {
    return `【工作人员答复】${text}`;
  },
  courseCancelled(course: { title: string }): string {
    return `抱歉，您报名的「${course.title}」已取消，不再开班。可回复“找课程”看看别的班。`;
  },
  waitlistPromoted(course: { title: string; startDate: Date }): string {
    return `好消息：您候补的「${course.title}」有空位了，已为您转为正式报名，${chinaIsoDate(course.startDate)}开课。回复“我的报名”查看。`;
  },
} as const;
