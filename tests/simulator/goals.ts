/**
 * The scripted goals: what real users here want, in their own words. Drawn from the 19 persona
 * conversations in /work/shared/eval/personas/ (the classes of people and how they write), not
 * from the bot's menus: a goal names what the person wants and who they are; the persona's policy
 * (agent.ts) finds the way by reading the replies.
 *
 * `ideal` is what a user who knows the bot perfectly needs, one message per piece of information
 * the bot must receive. A self sign-up is 7: the need (with place and trade), the course choice,
 * 报名, name, phone, consent, confirm. Extra messages the person cannot avoid are added and named.
 */
import type { Goal, Persona, Style } from './types.js';

const plain: Style = { yes: ['是', '好', '对的'], no: ['不用'], pick: 'words' };

function persona(p: Omit<Persona, 'channel' | 'groups' | 'style'> & Partial<Pick<Persona, 'channel' | 'groups' | 'style'>>): Persona {
  return { channel: 'wechat', groups: [], style: plain, ...p };
}

const laohan = persona({
  key: 'laohan', who: 'old man, 榆中和平镇', name: '王德福', phone: '13893112345', county: '榆中', township: '和平镇',
  home: { lat: 35.96, lng: 103.96 }, style: { yes: ['对的', '是的', '确定'], no: ['不了'], pick: 'words' },
});
const teen = persona({
  key: 'teen', who: '两后生 teenager, 安定', name: '李浩然', phone: '18993205678', county: '安定', home: { lat: 35.58, lng: 104.62 },
  groups: ['lianghousheng'], style: { yes: ['嗯', '是', '好的'], no: ['不'], pick: 'digit' },
});
const fanxiang = persona({
  key: 'fanxiang', who: 'returning migrant worker, 麦积区甘泉镇, wants a 农家乐', name: '张建军', phone: '13893812266', county: '麦积区', township: '甘泉镇',
  home: { lat: 34.58, lng: 105.72 }, groups: ['returnee'], sharesLocation: true,
  style: { yes: ['好', '确认'], no: ['不用'], pick: 'words', spacedPhone: true },
});
const canji = persona({
  key: 'canji', who: 'disabled woman, 武山县洛门镇', name: '马秀兰', phone: '15193856677', county: '武山县', township: '洛门镇',
  home: { lat: 34.72, lng: 104.98 }, groups: ['disabled'], style: { yes: ['同意', '好'], no: ['不'], pick: 'words' },
});
const xiagang = persona({
  key: 'xiagang', who: 'laid-off worker, 白银', name: '赵国强', phone: '13519301234', county: '白银区', home: { lat: 36.55, lng: 104.17 },
  groups: ['unemployed'], style: { yes: ['行', '好'], no: ['不'], pick: 'words' },
});
const cungan = persona({
  key: 'cungan', who: 'village clerk (村文书), 临洮县辛店镇, signs up a neighbour', name: '王建国', phone: '13909320000', county: '临洮', township: '辛店镇',
  home: { lat: 35.45, lng: 103.87 }, style: { yes: ['同意了', '好'], no: ['不'], pick: 'words' },
});
const fanti = persona({
  key: 'fanti', who: 'writes traditional characters, 兰州七里河, cook', name: '陈淑芬', phone: '13609310000', county: '七里河',
  home: { lat: 36.06, lng: 103.78 }, style: { yes: ['是', '好'], no: ['不'], pick: 'words', traditional: true },
});
const emoji = persona({
  key: 'emoji', who: 'sends voice notes and emoji, 安定', name: '刘海', phone: '13993120001', county: '安定', home: { lat: 35.58, lng: 104.62 },
  style: { yes: ['👍', '好'], no: ['不'], pick: 'words' },
});
const rengong = persona({
  key: 'rengong', who: 'cannot type much, wants a person', name: '韩大爷', phone: '13993120002', county: '榆中', home: { lat: 35.84, lng: 104.11 },
  style: { yes: ['嗯', '好'], no: ['不'], pick: 'words' },
});
const houbu = persona({
  key: 'houbu', who: 'wants to be a housekeeper in 榆中 (the course is full)', name: '刘玉梅', phone: '13993104567', county: '榆中', home: { lat: 35.84, lng: 104.11 },
  groups: ['women'], style: { yes: ['行', '好的'], no: ['不'], pick: 'words', wordy: true },
});
const sms = persona({
  key: 'sms', who: 'elderly SMS user, 榆中', name: '马有福', phone: '13993112233', county: '榆中', home: { lat: 35.84, lng: 104.11 },
  channel: 'sms', style: { yes: ['好', '1'], no: ['不'], pick: 'digit' },
});
const longtalk = persona({
  key: 'long', who: 'long voice-to-text run-ons, 会宁县土高山乡, 月嫂/养老护理', name: '杨红霞', phone: '15809431234', county: '会宁县', township: '土高山乡',
  home: { lat: 35.69, lng: 105.05 }, groups: ['women'], style: { yes: ['是', '好'], no: ['不是'], pick: 'words' },
});
const yangniu = persona({
  key: 'yangniu', who: 'returnee, cattle, 东乡', name: '马麦尔丹', phone: '13893011112', county: '东乡', home: { lat: 35.66, lng: 103.39 },
  groups: ['returnee'], style: { yes: ['好', '是'], no: ['不'], pick: 'ordinal' },
});
const dianshang = persona({
  key: 'dianshang', who: 'former delivery rider, 礼县, sells apples online', name: '何小龙', phone: '18719870011', county: '礼县', home: { lat: 34.19, lng: 105.18 },
  groups: ['returnee'], style: { yes: ['中', '行'], no: ['不中'], pick: 'words' },
});
const loc = persona({
  key: 'loc', who: 'elderly, shares a location, 安定区内官营镇', name: '陈秀英', phone: '13993120003', county: '安定区', township: '内官营镇',
  home: { lat: 35.58, lng: 104.62 }, sharesLocation: true, style: { yes: ['嗯', '是'], no: ['不'], pick: 'ordinal' },
});
const num = persona({
  key: 'num', who: 'types numbers, some out of range, 永登', name: '宋玉兰', phone: '13919350000', county: '永登', home: { lat: 36.73, lng: 103.26 },
  style: { yes: ['1', '好'], no: ['2'], pick: 'digit' },
});
const jiangsu = persona({
  key: 'jiangsu', who: 'still working in 江苏, registered in 通渭县', name: '牛小军', phone: '13993120004', county: '通渭县', home: { lat: 35.21, lng: 105.24 },
  groups: ['migrant'], style: { yes: ['好的', '是'], no: ['不'], pick: 'words' },
});
const gaizhu = persona({
  key: 'gaizhu', who: 'changes their mind about the trade, 夏官营', name: '张小燕', phone: '13993120005', county: '榆中', township: '夏官营',
  home: { lat: 35.93, lng: 104.02 }, groups: ['women'], style: { yes: ['行', '好'], no: ['不'], pick: 'words' },
});
const parent = persona({
  key: 'parent', who: 'parent asking policy questions', name: '李桂兰', phone: '13993120006', county: '通渭县', home: { lat: 35.21, lng: 105.24 },
});

const veteran = persona({
  key: 'veteran', who: 'veteran back home in 七里河, wants security-guard training', name: '李卫东', phone: '13993120008', county: '七里河',
  home: { lat: 36.06, lng: 103.78 }, groups: ['veteran'], style: { yes: ['是', '行'], no: ['不'], pick: 'ordinal' },
});
const lamian = persona({
  key: 'lamian', who: '两后生 in 东乡 (failed the high-school exam), wants to make 拉面', name: '马小虎', phone: '13993120009', county: '东乡',
  home: { lat: 35.66, lng: 103.39 }, groups: ['lianghousheng'], style: { yes: ['嗯', '好'], no: ['不'], pick: 'words' },
});

const COOK = ['厨师', '烹调', '烹饪'];
const HOUSEKEEPING = ['家政', '保姆'];

export const GOALS: Goal[] = [
  {
    id: 'signup-nearby', title: 'old man signs up for an electrician course near 和平镇', persona: laohan,
    need: { kind: 'signup', trade: ['电工'], maxKm: 60 }, opening: [{ text: '俺想学电工 哪里有' }],
    rephrase: ['俺要报名学电工', '电工班 报名'], ideal: 7,
    quirks: [{ on: 'course-detail', say: '俺今年62了 还能报不' }],
  },
  {
    id: 'teen-free-training', title: '两后生 teen finds free welding training in 安定 and signs up', persona: teen,
    need: { kind: 'signup', trade: ['焊工', '电焊'], maxKm: 60 },
    opening: [{ text: '我初中毕业没考上高中 能学点啥 不要钱的那种' }, { text: '我在安定 想学焊工' }],
    rephrase: ['安定有焊工培训吗', '我要报名焊工'], ideal: 8,
  },
  {
    id: 'returnee-startup', title: 'returning migrant worker gets entrepreneurship training for a 农家乐', persona: fanxiang,
    need: { kind: 'signup', trade: ['创业', 'SYB', 'GYB'], online: 'ok', maxKm: 200 },
    opening: [{ text: '我从外地打工回来了想在老家搞个农家乐有没有啥培训有没有补贴' }],
    rephrase: ['俺就是甘肃的 在外头打了十年工回来了 想创业', '创业培训有没有'], prefer: ['还没', '没定', '想创业'], ideal: 8,
  },
  {
    id: 'disabled-online', title: 'disabled woman checks she may train and signs up for an online course', persona: canji,
    need: { kind: 'signup', trade: ['电商', '直播', '网店', '养老', '育婴'], online: 'only' },
    opening: [{ text: '俺是残疾人 腿脚不方便 能参加培训不' }, { text: '有没有在家用手机就能学的' }],
    rephrase: ['网上的课程有没有', '线上课程'], ideal: 8,
  },
  {
    id: 'wages-owed', title: 'laid-off worker asks about wages owed (out of scope: honest referral)', persona: { ...xiagang, key: 'xiagang-wages', phone: '13519301236' },
    need: { kind: 'policy', question: '工资拖欠', referral: ['劳动保障监察', '劳动监察', '劳动仲裁'] },
    opening: [{ text: '厂子倒闭了俺下岗了工资还欠俺三个月没给 咋办' }],
    rephrase: ['俺问的是拖欠工资 找谁要'], ideal: 1,
  },
  {
    id: 'laidoff-excavator', title: 'laid-off worker signs up for excavator training near 白银, asks about board on the way', persona: xiagang,
    need: { kind: 'signup', trade: ['挖掘机'], maxKm: 150 },
    opening: [{ text: '失业了能免费学个技术不 俺在白银 想学挖掘机' }],
    rephrase: ['白银附近有挖掘机培训班没', '报名挖掘机'], quirks: [{ on: 'course-detail', say: '管吃住不' }], ideal: 7,
  },
  {
    id: 'cadre-proxy', title: 'village clerk signs up a neighbour for housekeeping (代报名)', persona: cungan,
    need: { kind: 'signup', trade: HOUSEKEEPING, maxKm: 150, forOther: { name: '王桂花', phone: '13909321111' } },
    opening: [{ text: '我是村文书，想帮村里王桂花报个家政培训，临洮县辛店镇的' }],
    rephrase: ['代报名 家政', '帮别人报名'], ideal: 7,
  },
  {
    id: 'traditional-cook', title: 'user writing traditional characters signs up for a cook course in 兰州', persona: fanti,
    need: { kind: 'signup', trade: COOK, maxKm: 40 }, opening: [{ text: '我想学厨师 在兰州七里河' }],
    rephrase: ['找课程', '学厨师报名'], ideal: 7,
  },
  {
    id: 'voice-emoji-find', title: 'sends a voice note first, then asks for welding courses in 安定', persona: emoji,
    need: { kind: 'find', trade: ['焊工', '电焊'], maxKm: 60 },
    opening: [{ text: '[语音]' }, { text: '有没有电焊培训 俺在安定' }],
    rephrase: ['安定 电焊 培训班', '找课程'], ideal: 2,
  },
  {
    id: 'handoff', title: 'wants a person about when the subsidy is paid; staff see the real question', persona: rengong,
    need: { kind: 'handoff', question: '补贴啥时候发', keywords: ['补贴'] },
    opening: [{ text: '俺培训完了 补贴啥时候发下来' }, { text: '我要找真人说话' }],
    rephrase: ['有没有人工客服', '转人工'], ideal: 2,
  },
  {
    id: 'waitlist', title: 'wants housekeeping in 榆中; the course is full, joins the waitlist', persona: houbu,
    need: { kind: 'signup', trade: HOUSEKEEPING, maxKm: 30 }, opening: [{ text: '榆中有家政培训没 俺想当保姆' }],
    rephrase: ['俺要报家政', '排队也行'], ideal: 8,
  },
  {
    id: 'cancel-words', title: 'cancels a sign-up in their own words', persona: { ...houbu, key: 'houbu-cancel', phone: '13993104568' },
    need: { kind: 'cancel', trade: ['电工'] }, setup: { enrolledIn: { trade: ['电工'], near: { lat: 35.84, lng: 104.11, maxKm: 20 } } },
    opening: [{ text: '家里有事去不了了 取消报名' }], rephrase: ['我的报名', '不去了 取消'], ideal: 3,
  },
  {
    id: 'cancel-oldman', title: 'old man no longer wants the course he signed up for', persona: { ...laohan, key: 'laohan-cancel', phone: '13893112346' },
    need: { kind: 'cancel', trade: ['电工'] }, setup: { enrolledIn: { trade: ['电工'], near: { lat: 35.84, lng: 104.11, maxKm: 20 } } },
    opening: [{ text: '俺报的那个课 不想去了' }], rephrase: ['取消报名', '我的报名'], ideal: 3,
  },
  {
    id: 'sms-signup', title: 'elderly SMS user signs up for an electrician course in 榆中', persona: sms,
    need: { kind: 'signup', trade: ['电工'], maxKm: 60 }, opening: [{ text: '榆中有电工培训没' }],
    rephrase: ['电工', '报名电工'], quirks: [{ on: 'course-list', say: '9' }], ideal: 7,
  },
  {
    id: 'sms-optout', title: 'SMS user asks not to get messages any more', persona: { ...sms, key: 'sms-optout', phone: '13993112299' },
    need: { kind: 'optout' }, opening: [{ text: '以后别给我发短信了 退订' }], rephrase: ['退订', '不要再发了'], ideal: 1,
  },
  {
    id: 'long-story', title: 'long voice-to-text life story; 月嫂/养老 training near 会宁; asks about ID card mid-form', persona: longtalk,
    need: { kind: 'signup', trade: ['月嫂', '养老', '家政', '育婴'], maxKm: 60 },
    opening: [{ text: '喂你好我是会宁县土高山乡的我叫杨红霞今年四十三了娃娃都在县城上学我一个人在家里种地男人在新疆打工我想问一下就是说有没有那种在家门口的培训就是学个啥手艺能挣点钱的那种比如说做月嫂或者是养老护理啥的我听村里人说政府有免费的培训还给补贴是不是真的要是有的话我咋报名' }],
    rephrase: ['俺是会宁县土高山乡的 想学月嫂或者养老护理 家门口有没有', '会宁县有家政培训没'],
    quirks: [{ on: 'phone', say: '要带身份证不' }], ideal: 7,
  },
  {
    id: 'my-signups', title: 'asks what they signed up for and when it starts', persona: { ...longtalk, key: 'long-my', phone: '15809431235' },
    need: { kind: 'my' }, setup: { enrolledIn: { trade: ['家政'], near: { lat: 35.69, lng: 105.05, maxKm: 20 } } },
    opening: [{ text: '我报的课啥时候开始' }], rephrase: ['我报了啥', '报名记录'], ideal: 1,
  },
  {
    id: 'cattle-returnee', title: 'returnee wants cattle-raising training near 东乡; mistypes the phone once', persona: yangniu,
    need: { kind: 'signup', trade: ['养牛', '牛羊', '肉牛'], maxKm: 80 },
    opening: [{ text: '打工回来了想养牛有没有养殖培训' }], rephrase: ['东乡养牛的培训', '我要报养牛的'],
    quirks: [{ on: 'phone', say: '1389301111' }], ideal: 7,
  },
  {
    id: 'online-ecommerce', title: 'returnee in 礼县 signs up for an online shop / live-streaming course', persona: dianshang,
    need: { kind: 'signup', trade: ['电商', '网店', '直播'], online: 'only' },
    opening: [{ text: '在外头送了几年外卖 回礼县老家了 想在网上卖自家苹果 有没有教开网店的' }],
    rephrase: ['线上的有没有', '手机上学的那个 电商'], ideal: 7,
  },
  {
    id: 'location-herbs', title: 'elderly user shares a location and signs up for herb-growing training; asks about age', persona: loc,
    need: { kind: 'signup', trade: ['中药材', '药材'], maxKm: 60 },
    opening: [{ location: { lat: 35.58, lng: 104.62, label: '定西市安定区内官营镇' } }, { text: '俺想学种药材' }],
    rephrase: ['中药材', '俺要报名中药材那个'], quirks: [{ on: 'course-detail', say: '俺68了 年纪大了人家收不收' }], ideal: 8,
  },
  {
    id: 'out-of-range', title: 'types digits, one out of range, signs up for an electrician course near 永登', persona: num,
    need: { kind: 'signup', trade: ['电工'], maxKm: 100 }, opening: [{ text: '找课' }],
    rephrase: ['永登 电工', '电工'], quirks: [{ on: 'course-list', say: '9' }], ideal: 7,
  },
  {
    id: 'away-in-jiangsu', title: 'still working in 江苏, finds an electrician course near 通渭 for after New Year', persona: jiangsu,
    need: { kind: 'signup', trade: ['电工'], maxKm: 100 },
    opening: [{ text: '我现在还在江苏打工 过年回甘肃 回来能参加培训不 我户口在通渭县 想学电工' }],
    rephrase: ['通渭县附近有电工培训班没', '电工'], ideal: 7,
  },
  {
    id: 'change-mind', title: 'asks for cook training, changes to housekeeping, joins the waitlist', persona: gaizhu,
    need: { kind: 'signup', trade: COOK, maxKm: 60 }, opening: [{ text: '俺想学厨师 夏官营的' }],
    rephrase: ['家政', '俺要报家政'], quirks: [{ on: 'any', afterTurn: 1, say: '算了厨师太累了 不要厨师了 要家政', switchTrade: HOUSEKEEPING }], ideal: 8,
  },
  {
    id: 'veteran-guard', title: 'veteran says so in the first message; the group is not asked again and goes with the sign-up', persona: veteran,
    need: { kind: 'signup', trade: ['保安'], maxKm: 40 }, opening: [{ text: '俺是退役军人 想学保安 七里河的' }],
    rephrase: ['七里河保安培训', '报名保安'], ideal: 7,
  },
  {
    id: 'lianghousheng-lamian', title: '两后生 teen says he failed the exam; 拉面 course for 两后生 near 东乡, no group question', persona: lamian,
    need: { kind: 'signup', trade: ['拉面'], maxKm: 60 }, opening: [{ text: '初中毕业没考上 想学拉面 东乡的' }],
    rephrase: ['东乡拉面培训', '报名拉面'], ideal: 7,
  },
  {
    id: 'policy-lianghousheng', title: 'parent asks whether a child who failed the high-school exam can train free', persona: parent,
    need: { kind: 'policy', question: '两后生', clause: '“两后生”等新成长劳动力' },
    opening: [{ text: '娃娃初中毕业了没考上高中 这种能免费学技术不' }], rephrase: ['两后生有啥培训政策'], ideal: 1,
  },
  {
    id: 'policy-startup', title: 'returnee asks what the plan offers people starting a business', persona: { ...parent, key: 'parent-startup', phone: '13993120007' },
    need: { kind: 'policy', question: '返乡创业', clause: '提升创业创新人员能力水平' },
    opening: [{ text: '打工回来想自己干点啥 政府对创业的有啥培训' }], rephrase: ['返乡创业培训政策'], ideal: 1,
  },
  {
    id: 'policy-pension', title: 'asks about paying missed pension contributions (out of scope: referral)', persona: { ...xiagang, key: 'xiagang-pension', phone: '13519301235' },
    need: { kind: 'policy', question: '养老保险补交', referral: ['12333', '社保'] },
    opening: [{ text: '那俺养老保险断交了咋办 还能补交不' }], rephrase: ['养老保险补缴找谁'], ideal: 1,
  },
];
