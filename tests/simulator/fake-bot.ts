/**
 * A tiny fake bot for the simulator's own tests: course search → details → sign-up form, with
 * three wordings (prompts, list formats, yes/no styles) so the tests prove the personas read
 * meaning, not sentences. `broken` says "done" but stores nothing (a silently lost sign-up);
 * `deaf` understands nothing (the persona must give up at the cap).
 */
import type { ObservedCourse, ObservedEnrollment, OutgoingMessage, Persona, Target } from './types.js';

export type Wording = 'plain' | 'polite' | 'terse';

interface Words {
  askPlace: string;
  list(items: string[]): string;
  detailMenu: string;
  askName: string;
  askPhone: string;
  consent: string;
  confirm(name: string, phone: string): string;
  done: string;
  huh: string;
}

const WORDS: Record<Wording, Words> = {
  plain: {
    askPlace: '您在哪个县区或乡镇？',
    list: (items) => ['附近的课程：', ...items.map((t, i) => `${i + 1} ${t}`), '回复数字看详情'].join('\n'),
    detailMenu: '回复：\n1 报名\n2 返回列表',
    askName: '请输入您的姓名：',
    askPhone: '请输入您的手机号：',
    consent: '我们会保存您的姓名和手机号，仅用于培训管理。同意请回复1',
    confirm: (n, p) => `请核对：\n姓名：${n}\n手机：${p}\n1 确认报名\n2 修改`,
    done: '报名成功！',
    huh: '没听懂，请换个说法。',
  },
  polite: {
    askPlace: '请问您住在什么地方？告诉我乡镇或县名就行',
    list: (items) => ['为您找到：', ...items.map((t, i) => `${i + 1}. ${t}`), '想看哪个？'].join('\n'),
    detailMenu: '① 我要报名\n② 看看别的',
    askName: '好的！请问怎么称呼您？',
    askPhone: '方便留个手机号码吗？',
    consent: '您的信息只用于培训报名，您同意我们保存这些资料吗？',
    confirm: (n, p) => `${n}，${p}，信息对吗？`,
    done: '好了，已为您报名，开课前会通知您。',
    huh: '抱歉，我没明白。',
  },
  terse: {
    askPlace: '地点？（县/乡镇）',
    list: (items) => items.map((t, i) => `[${i + 1}] ${t}`).join('\n'),
    detailMenu: '报名回1，返回回2',
    askName: '姓名：',
    askPhone: '手机：',
    consent: '是否同意保存报名信息？回1同意，回2不同意',
    confirm: (n, p) => `确认提交？${n} ${p}\n1 提交\n2 取消`,
    done: '提交成功',
    huh: '？',
  },
};

const COURSES: ObservedCourse[] = [
  { id: 1, title: '榆中县电工（初级）培训班', occupation: '电工', category: '就业技能培训', online: false, lat: 35.84, lng: 104.11, eligibleGroups: [] },
  { id: 2, title: '安定区焊工（初级）培训班', occupation: '焊工', category: '就业技能培训', online: false, lat: 35.58, lng: 104.62, eligibleGroups: [] },
  { id: 3, title: '城关区电工技师研修班', occupation: '电工', category: '高技能人才培训', online: false, lat: 36.06, lng: 103.83, eligibleGroups: [] },
];

const YES = /^(1|是|是的|好|好的|行|中|嗯|对|对的|同意|同意了|确认|确定|提交|👍|可以)$/;
const ORDINAL: Record<string, number> = { 第一个: 0, 第二个: 1, 第三个: 2 };

type State =
  | { at: 'idle'; trade?: string }
  | { at: 'list'; ids: number[] }
  | { at: 'detail'; id: number; ids: number[] }
  | { at: 'name' | 'phone' | 'consent' | 'confirm'; id: number; name?: string; phone?: string };

export function createFakeBot(options: { wording?: Wording; broken?: boolean; deaf?: boolean } = {}): Target & { enrollments: ObservedEnrollment[] } {
  const w = WORDS[options.wording ?? 'plain'];
  const states = new Map<string, State>();
  const enrollments: ObservedEnrollment[] = [];

  const listFor = (trade: string | undefined, place: string): string[] =>
    COURSES.filter((c) => !trade || c.occupation === trade).sort((a, b) => Number(b.title.includes(place.slice(0, 2))) - Number(a.title.includes(place.slice(0, 2)))).map((c) => String(c.id));

  function step(s: State, text: string): [State, string[]] {
    const trade = /电工/.test(text) ? '电工' : /焊/.test(text) ? '焊工' : undefined;
    const place = /(榆中|安定|城关|和平)/.exec(text)?.[1];
    switch (s.at) {
      case 'idle': {
        const t = trade ?? s.trade;
        if (!place) return [{ at: 'idle', ...(t ? { trade: t } : {}) }, [t ? w.askPlace : w.huh]];
        const ids = listFor(t, place).map(Number);
        return [{ at: 'list', ids }, [w.list(ids.map((id) => COURSES.find((c) => c.id === id)!.title))]];
      }
      case 'list': {
        const n = /^\d+$/.test(text) ? Number(text) - 1 : (ORDINAL[text] ?? s.ids.findIndex((id) => { const c = COURSES.find((x) => x.id === id)!; return Boolean(place && c.title.includes(place)) && Boolean(trade && c.occupation === trade); }));
        const id = s.ids[n];
        if (id === undefined) return [s, [w.huh]];
        const c = COURSES.find((x) => x.id === id)!;
        return [{ at: 'detail', id, ids: s.ids }, [`${c.title}\n时间：下月开课\n地点：${c.title.slice(0, 3)}\n名额：还剩10个`, w.detailMenu]];
      }
      case 'detail':
        if (/^(1|报名|我要报名|报这个)$/.test(text)) return [{ at: 'name', id: s.id }, [w.askName]];
        return [s, [w.huh, w.detailMenu]];
      case 'name': {
        const name = text.replace(/^我叫/, '').trim();
        if (!/^[一-龥]{2,4}$/.test(name)) return [s, [w.askName]];
        return [{ ...s, at: 'phone', name }, [w.askPhone]];
      }
      case 'phone': {
        const phone = text.replace(/\D/g, '');
        if (!/^1\d{10}$/.test(phone)) return [s, [w.askPhone]];
        return [{ ...s, at: 'consent', phone }, [w.consent]];
      }
      case 'consent':
        if (!YES.test(text)) return [s, [w.consent]];
        return [{ ...s, at: 'confirm' }, [w.confirm(s.name!, s.phone!)]];
      case 'confirm':
        if (!YES.test(text)) return [s, [w.confirm(s.name!, s.phone!)]];
        if (!options.broken) {
          enrollments.push({ id: enrollments.length + 1, courseId: s.id, name: s.name!, phone: s.phone!, status: 'confirmed', groups: [], via: 'self' });
        }
        return [{ at: 'idle' }, [w.done]];
    }
  }

  return {
    enrollments,
    async send(userId: string, _channel: Persona['channel'], m: OutgoingMessage) {
      if (options.deaf) return [w.huh];
      const [next, replies] = step(states.get(userId) ?? { at: 'idle' }, (m.text ?? '').trim());
      states.set(userId, next);
      return replies;
    },
    observer: {
      courses: async () => COURSES,
      enrollments: async (courseId) => enrollments.filter((e) => e.courseId === courseId),
      handoffs: async () => [],
      clauses: async () => [],
      smsSuppressed: async () => false,
    },
    async seedEnrollment() {},
    async fillCourse() {},
    async close() {},
  };
}
