/**
 * High-precision rules for intents whose words are unambiguous (人工, 菜单, 退订, 绑定手机 …).
 * A rule hit wins over the classifier; everything else is the classifier's call.
 */
import type { Entities, Intent } from '../bot/understanding.js';

/** Asking for a person, in the ways people say it. */
export const HANDOFF =
  /^(?:我要|我想|我需要|给我|帮我|请)?(?:找|转|接|叫)?(?:个|一个)?(?:人工|真人|活人|客服|工作人员)(?:客服|服务|回复|说话|聊聊?)?(?:吧|呢|呀)?$|有没有(?:人工|真人|活人|客服|人能?接电话)|(?:找|转|和|跟|要)(?:个)?(?:真人|人工|活人|工作人员)|转人工|人工客服|转接客服|打电话不|能打电话|给我转个人/;
const MENU = /^(?:菜单|主菜单|返回菜单|回到菜单|看看菜单|给我看菜单|帮助|menu|help|目录|功能|从头开始|重新开始|返回首页|回主页|有啥功能|你能干啥|你会干什么|都能办啥|能查啥)$/i;
const GREETING = /^(?:你好|您好|你们好|在吗|在不|在不在|有人吗|hi|hello|喂|嗨|哈喽|早上好|下午好|晚上好|老师好|喂你好|你好啊|你好呀)$/i;
const OPT_OUT = /^(?:退订|td|t|取消订阅|停止发送|停发|拒收|别发了|退订短信|不要推送|关掉通知|取消提醒)$|(?:别|不要|不用)(?:再)?(?:给我)?(?:发|推送|通知|提醒)(?:短信|消息)?了?$/i;
const RESUBSCRIBE = /还想收|想收(?:通知|消息|短信)|继续收|^(?:重新订阅|恢复订阅|订阅|恢复通知|恢复短信|重新接收|重新开通|继续发)$/;
const BIND_PHONE = /绑定?(?:手机|电话|号码)|换绑|手机号?绑定|关联手机/;
const DELETE_DATA = /(?:删除?|删掉|清除|清空|注销).{0,6}(?:信息|资料|数据|记录|账号|手机号|名字)|^注销|不要保存我的|别存我的|数据不要留/;
const CANCEL = /我?不上了$|不报了$|给我退了|退了吧|取消(?:我的)?报名|取消候补|退课|撤销报名|退出(?:那个)?(?:培训|班)|不想(?:去|参加|上)了|去不了了|不去了|退掉|(?:课|班)不上了|把.{0,6}(?:报名|课|班)(?:取消|退)/;
const MY_ENROLLMENTS = /我的报名|报的那个.{0,4}(?:班|课)?.{0,3}(?:还在|咋样|怎么样|开课)|报名记录|报名情况|我报的|我报了|报上了没|排到第几|候补(?:排到|上了)|我的培训|培训记录|电子档案|培训档案|查报名|报名结果/;
const OTHER_SERVICE = /残疾证|廉租房|住房|养老保|工资|欠薪|拖欠|欠.{0,4}钱|(?<!给)不给钱|养老保险|养老金|医保|医疗保险|社保|失业金|工伤|劳动合同|公积金|低保怎么申请|户口迁|落户|身份证丢|社保卡|退休手续|劳务费|招工|找工作|有活干|包工头/;

const SIGN_UP = /^报名\s*\S{2,}|(?:想|要|给我|帮我|就|也)报(?!.{0,2}(?:政策|补贴))|报上|登记上|就它了|报这个|报那个|报第|报最后|报头一个/;
const POLICY =
  /政策|补贴|补助|津贴|贷款|贴息|免费|要钱|收费|学费|费用|给不给钱|给钱|多少钱|证书|发证|发不发证|认不认|管饭|管吃|管住|吃住|条件|资格|能不能参加|能参加|可以参加|收不收|年龄|多大了?.{0,4}能|岁.{0,6}(?:能|还|可以)|是啥$|是干啥|是什么|啥意思|照顾|优惠|待遇|规划|能.{0,4}不$/;
const STARTUP = /创业|开个.{0,4}(?:店|场|厂|馆|铺)|办个.{0,4}(?:厂|场|合作社)|搞个|当老板|做生意|农家乐|网上卖|卖自家|自己干/;
const FIND = /能学啥|学点啥|学个啥|有啥能学|能学的|学什么|有啥课|有啥培训|培训班|学习班|找课|有.{0,6}(?:课|班|培训)(?:没|吗|不)?$/;

const CHITCHAT = /你(?:今年)?(?:几岁|多大)|你叫啥|你是谁|你是机器人|你是男的|吃了没|天气/;
const questionLike = (t: string) => /吗|啥|咋|怎么|多少|能不能|是不是|有没有|什么|哪|几|[^不]不$|没$|[?？]/.test(t);

/** The rule's intent and confidence, or null. */
export function ruleIntent(text: string, e: Entities): { intent: Intent; confidence: number } | null {
  const t = text.replace(/\s+/g, '');
  if (!t) return null;
  if (HANDOFF.test(t)) return { intent: 'handoff', confidence: 0.97 };
  if (MENU.test(t) || (t.length <= 10 && /咋用|怎么用|不会用/.test(t))) return { intent: 'menu', confidence: 0.97 };
  if (GREETING.test(t)) return { intent: 'greeting', confidence: 0.95 };
  if (OPT_OUT.test(t)) return { intent: 'opt_out', confidence: 0.95 };
  if (RESUBSCRIBE.test(t)) return { intent: 'resubscribe', confidence: 0.95 };
  if (BIND_PHONE.test(t)) return { intent: 'bind_phone', confidence: 0.95 };
  if (DELETE_DATA.test(t)) return { intent: 'delete_my_data', confidence: 0.95 };
  if (CANCEL.test(t) && !/培训.{0,4}(?:政策|补贴)/.test(t)) return { intent: 'cancel_enrollment', confidence: 0.92 };
  if (MY_ENROLLMENTS.test(t) && t.length <= 16) return { intent: 'my_enrollments', confidence: 0.92 };
  if (OTHER_SERVICE.test(t) && !/培训|补贴.{0,4}培训/.test(t)) return { intent: 'other_service', confidence: 0.9 };
  if (CHITCHAT.test(t)) return { intent: 'chitchat', confidence: 0.9 };
  if (e.ack && t.length <= 8) return { intent: 'thanks_ack', confidence: 0.9 };
  // Weaker rules for the four big intents (the classifier is asked too; these win when they fire).
  if ((e.proxy && /报/.test(t)) || SIGN_UP.test(t)) return { intent: 'sign_up', confidence: 0.85 };
  // A long story that names a trade and asks for training is a course request, even when it also
  // wonders whether training is free ("…想学月嫂…听说免费还给补贴…我咋报名"): the course list answers it.
  if (e.trade && (e.lifeStory || t.length >= 40) && /手艺|培训|学|报名/.test(t) && !STARTUP.test(t)) {
    return { intent: 'find_courses', confidence: 0.85 };
  }
  if (POLICY.test(t) && (questionLike(t) || /政策|补贴/.test(t))) return { intent: 'policy_question', confidence: 0.85 };
  if (STARTUP.test(t)) return { intent: 'entrepreneurship', confidence: 0.85 };
  if (FIND.test(t) || (e.trade && (/学|教|班|培训|课/.test(t) || t.length <= 4))) return { intent: 'find_courses', confidence: 0.85 };
  return null;
}
