/**
 * 群发通知: compose, pick the audience with a live count and the per-channel breakdown, preview
 * per channel (SMS segments, cost, opt-out suffix), schedule, watch progress, see failures and the
 * unreachable call list. The server confines the audience to the account's scope.
 */
import { api, esc } from './api';
import { errText, me, toast } from './session';

const GROUPS = ['建档立卡/脱贫户', '低保家庭', '残疾人', '农民工', '返乡创业人员', '高校毕业生', '两后生', '退役军人', '失业人员', '妇女'];
const ENROLL: Record<string, string> = { confirmed: '已报名', waitlisted: '候补', attended: '已参训', certified: '已取证' };
const STATUS: Record<string, string> = { queued: '排队中', sending: '发送中', done: '已完成', cancelled: '已取消' };
const SKIP: Record<string, string> = { 'opted-out': '已退订', capped: '本周已达上限', unreachable: '无法送达（请电话通知）', cancelled: '已取消' };
const CH: Record<string, string> = {
  sms: '短信', 'wechat-oa:cs': '公众号客服消息', 'wechat-oa:template': '公众号模板消息', 'wechat-oa:mass': '公众号群发', wechaty: '个人微信', sim: '网页', test: '测试渠道',
  oa_customer_service: '公众号客服消息', oa_template: '公众号模板消息', oa_mass_send: '公众号群发',
};
const chName = (k: string) => CH[k] ?? k;
const list = (v: FormDataEntryValue | null) => String(v ?? '').split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);
const opt = (v: string | number, label: string) => `<option value="${esc(v)}">${esc(label)}</option>`;
let timer: ReturnType<typeof setTimeout> | undefined;

export async function broadcastsPage(main: HTMLElement): Promise<void> {
  const role = me!.role;
  const [{ counties }, { courses }] = await Promise.all([
    role === 'institution' ? Promise.resolve({ counties: [] as { code: string; name: string; prefecture: string }[] }) : api('GET', '/places/counties'),
    api('GET', '/courses?limit=200'),
  ]);
  const prefs = [...new Set(counties.map((c: { prefecture: string }) => c.prefecture))] as string[];
  main.innerHTML = `<h2>群发通知</h2>
  <form id="bf" class="card">
   <label class="block">通知内容 <span id="len" class="muted"></span><textarea name="text" rows="3" maxlength="500" required placeholder="例：榆中县电工培训班12月8日开课，免费培训，回复“找课程”报名。"></textarea></label>
   <div class="row">
    ${role !== 'institution' ? `<label>县区（可多选）<select name="counties" multiple size="4">${counties.map((c: any) => opt(c.code, c.name)).join('')}</select></label>
    ${prefs.length > 1 || role === 'admin' ? `<label>市州<select name="prefectures" multiple size="4">${prefs.map((p) => opt(p, p)).join('')}</select></label>` : ''}
    <label>人群<select name="groups" multiple size="4">${GROUPS.map((g) => opt(g, g)).join('')}</select></label>
    <label>兴趣关键词<input name="interests" placeholder="如 电工、焊工" size="12"></label>` : ''}
    <label>课程的报名学员<select name="courseId"><option value="">（不限）</option>${courses.map((c: any) => opt(c.id, `${c.title}（${c.startDate}）`)).join('')}</select></label>
    <label>报名状态<select name="status" multiple size="4">${Object.entries(ENROLL).map(([k, v]) => opt(k, v)).join('')}</select></label>
    ${role === 'admin' ? '<label class="inline"><input type="checkbox" name="all">全省所有人</label>' : ''}
   </div>
   <p class="muted">${role === 'county' ? '县区账号只能发给本县区（市州）的人；不选县区即发给本县区所有人。' : role === 'institution' ? '机构账号只能发给本机构课程的报名学员。' : '多个条件同时满足才会收到。'}按住 Ctrl（手机上直接点选）可多选。</p>
   <div id="pv" class="pv muted">选择发送对象后显示人数和预览</div>
   <div class="row"><label>定时发送（不填即立即发送）<input type="datetime-local" name="sendAt"></label><button id="send">发送</button></div>
  </form>
  <div class="card wrap"><h3>群发记录</h3><div id="hist">加载中…</div></div>
  <div id="detail"></div>`;
  const form = main.querySelector<HTMLFormElement>('#bf')!;
  const audience = () => {
    const d = new FormData(form);
    const a: Record<string, unknown> = {};
    for (const k of ['counties', 'prefectures', 'groups', 'status']) if (d.getAll(k).length) a[k] = d.getAll(k).map(String);
    if (list(d.get('interests')).length) a.interests = list(d.get('interests'));
    if (d.get('courseId')) a.courseId = Number(d.get('courseId'));
    if (d.get('all')) a.all = true;
    return a;
  };
  const text = () => String(new FormData(form).get('text') ?? '').trim();
  let seq = 0;
  const preview = async () => {
    const n = ++seq;
    const t = text();
    main.querySelector('#len')!.textContent = t ? `${[...t].length}字` : '';
    const pv = main.querySelector<HTMLElement>('#pv')!;
    const a = audience();
    if (!Object.keys(a).length && role === 'admin') { pv.innerHTML = '选择发送对象后显示人数和预览'; return; }
    try {
      const r = await api('POST', '/broadcasts/preview', { text: t || '（通知内容）', audience: a });
      if (n !== seq) return;
      const sms = r.samples.sms;
      const suffix = sms.text.slice((t || '（通知内容）').length);
      pv.innerHTML = `<div class="big"><b id="count">${r.recipients}</b> 人将收到</div>
       <div class="muted" id="routes">${Object.entries((r.routes ?? r.byChannel) as Record<string, number>).filter(([, v]) => v > 0).map(([k, v]) => `${esc(chName(k))} ${v}人`).join(' · ') || '没有可送达的渠道'}
        ${r.skipped.optedOut + r.skipped.unreachable + r.skipped.capped ? ` ｜ 不发送：已退订 ${r.skipped.optedOut}，本周已达上限 ${r.skipped.capped}，无法送达 ${r.skipped.unreachable}（需电话通知）` : ''}</div>
       <div class="pvs"><div><div class="muted">微信 / 网页</div><div class="bubble">${esc(t || '（通知内容）')}</div></div>
       <div><div class="muted">短信：${sms.segments} 条/人${sms.segments > 1 ? '（超过70字按67字一条计）' : ''}，共 ${sms.recipients} 人，约 ${sms.cost.toFixed(2)} 元</div>
       <div class="bubble sms" id="smspv">${esc(sms.text.slice(0, sms.text.length - suffix.length))}<mark>${esc(suffix)}</mark></div></div></div>`;
    } catch (e) { if (n === seq) pv.innerHTML = `<span class="err">${esc(errText(e))}</span>`; }
  };
  let debounce: ReturnType<typeof setTimeout> | undefined;
  form.oninput = form.onchange = () => { clearTimeout(debounce); debounce = setTimeout(() => void preview(), 300); };
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const when = String(d.get('sendAt') ?? '');
    const count = main.querySelector('#count')?.textContent ?? '?';
    if (!confirm(`确定${when ? `在 ${when.replace('T', ' ')} ` : '现在'}发给 ${count} 人？`)) return;
    try {
      const r = await api('POST', '/broadcasts', { text: text(), audience: audience(), ...(when ? { sendAt: new Date(when).toISOString() } : {}) });
      toast(`已加入发送队列：${r.recipients}人`);
      form.reset(); void preview(); await history(main);
    } catch (e) { toast(errText(e)); }
  };
  if (role !== 'admin') void preview();
  await history(main);
}

const bar = (c: Record<string, number>, total: number) => {
  const seg = (k: string) => (total ? `<i class="b-${k}" data-w="${Math.round(((c[k] ?? 0) / total) * 100)}"></i>` : '');
  return `<span class="prog">${seg('sent')}${seg('delivered')}${seg('failed')}${seg('skipped')}</span>`;
};

async function history(main: HTMLElement): Promise<void> {
  clearTimeout(timer);
  const box = main.querySelector<HTMLElement>('#hist');
  if (!box || !main.isConnected) return;
  const { broadcasts } = await api('GET', '/broadcasts');
  box.innerHTML = broadcasts.length
    ? `<table><tr><th>内容</th><th class="opt">发送时间</th><th>进度</th><th>操作</th></tr>${broadcasts
        .map((b: any) => {
          const c = b.counts;
          const total = c.queued + c.sent + c.delivered + c.failed + c.skipped;
          return `<tr data-b="${b.id}"><td>${esc(b.text.length > 40 ? b.text.slice(0, 40) + '…' : b.text)}<div class="muted">#${b.id} · ${esc(b.createdBy)} · ${b.recipients}人</div></td>
          <td class="opt">${new Date(b.sendAt).toLocaleString('zh-CN')}</td>
          <td><span class="tag">${STATUS[b.status] ?? b.status}</span> ${bar(c, total)}<div class="muted">待发 ${c.queued} · 已发 ${c.sent + c.delivered} · 失败 ${c.failed} · 未发 ${c.skipped}</div></td>
          <td><button class="ghost" data-d="${b.id}">明细</button> ${b.status === 'queued' || b.status === 'sending' ? `<button class="danger" data-x="${b.id}">取消</button>` : ''}</td></tr>`;
        })
        .join('')}</table>`
    : '<p class="muted">还没有群发</p>';
  box.querySelectorAll<HTMLElement>('[data-w]').forEach((i) => (i.style.width = `${i.dataset.w}%`));
  box.querySelectorAll<HTMLButtonElement>('[data-d]').forEach((b) => (b.onclick = () => void detail(main, Number(b.dataset.d))));
  box.querySelectorAll<HTMLButtonElement>('[data-x]').forEach((b) => (b.onclick = async () => {
    if (!confirm('取消后，尚未发出的通知不再发送。确定取消？')) return;
    try { const r = await api('POST', `/broadcasts/${b.dataset.x}/cancel`); toast(`已取消 ${r.cancelled} 条`); await history(main); } catch (e) { toast(errText(e)); }
  }));
  // Watch progress while something is still going out.
  if (broadcasts.some((b: any) => b.status === 'queued' || b.status === 'sending')) timer = setTimeout(() => void history(main).catch(() => {}), 5000);
}

async function detail(main: HTMLElement, id: number): Promise<void> {
  const box = main.querySelector<HTMLElement>('#detail')!;
  const { recipients } = await api('GET', `/broadcasts/${id}/recipients`);
  const failed = recipients.filter((r: any) => r.status === 'failed');
  const unreachable = recipients.filter((r: any) => r.skipReason === 'unreachable');
  const other = recipients.filter((r: any) => r.status === 'skipped' && r.skipReason !== 'unreachable');
  const rows = (rs: any[]) => rs.map((r) => `<tr><td>${r.userId ?? '—'}</td><td>${esc(r.phone ?? '（无手机号）')}</td><td>${esc(SKIP[r.skipReason] ?? r.lastError ?? r.status)}</td><td class="opt">${r.attempts}</td></tr>`).join('');
  const table = (title: string, rs: any[]) => `<h4>${title}（${rs.length}）</h4>${rs.length ? `<table><tr><th>用户</th><th>手机</th><th>原因</th><th class="opt">尝试</th></tr>${rows(rs)}</table>` : '<p class="muted">无</p>'}`;
  box.innerHTML = `<div class="card wrap" id="det"><h3>群发 #${id} 明细 <a href="/api/admin/broadcasts/${id}/recipients?format=csv">下载全部（CSV）</a></h3>
   ${table('需要电话通知（无法送达）', unreachable)}${table('发送失败', failed)}${table('未发送（退订/上限/取消）', other)}</div>`;
  box.scrollIntoView({ behavior: 'smooth' });
}
