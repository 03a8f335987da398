/** Courses: filters, create/edit, close/cancel, import with the dry-run report, Excel export; sign-ups per course. */
import { api, esc } from './api';
import { errText, me, toast } from './session';

const CATS = ['就业技能培训', '岗位技能提升培训', '创业培训', '精准扶贫培训', '高技能人才培训', '农业实用技术'];
const ST: Record<string, string> = { open: '报名中', full: '已满', closed: '已截止', cancelled: '已取消' };
let counties: { code: string; name: string; prefecture: string }[] | null = null;

const opt = (v: string, label: string, sel?: string) => `<option value="${esc(v)}"${v === sel ? ' selected' : ''}>${esc(label)}</option>`;

export async function coursesPage(main: HTMLElement): Promise<void> {
  counties ??= (await api('GET', '/places/counties')).counties;
  const cs = counties!;
  main.innerHTML = `<h2>课程</h2>
  <div class="card"><form id="flt" class="row">
   <label>县区<select name="county"><option value="">全部</option>${cs.map((c) => opt(c.code, c.name)).join('')}</select></label>
   <label>类别<select name="category"><option value="">全部</option>${CATS.map((c) => opt(c, c)).join('')}</select></label>
   <label>状态<select name="status"><option value="">全部</option>${Object.entries(ST).map(([k, v]) => opt(k, v)).join('')}</select></label>
   <label>开班从<input type="date" name="from"></label><label>到<input type="date" name="to"></label>
   <label>关键词<input name="q" size="8"></label><button>查询</button>
   <a id="exp" href="#" class="muted">导出Excel</a></form></div>
  <div class="card"><div class="row"><button id="new" class="ghost">＋ 新建课程</button>
   ${me!.role !== 'institution' ? '<label>导入目录（CSV/Excel）<input type="file" id="file" accept=".csv,.xlsx"></label><button id="dry" class="ghost">检查</button><button id="imp">导入</button>' : ''}</div>
   <div id="form"></div><div id="report"></div></div>
  <div class="card wrap" id="list">加载中…</div>`;
  const flt = main.querySelector<HTMLFormElement>('#flt')!;
  const qs = () => new URLSearchParams([...new FormData(flt)].filter(([, v]) => v) as [string, string][]).toString();
  const load = async () => {
    const r = await api('GET', `/courses?limit=200&${qs()}`);
    main.querySelector('#list')!.innerHTML = `<p class="muted">共 ${r.total} 个课程</p><table><tr><th>课程</th><th class="opt">县区</th><th>开班</th><th>名额</th><th>状态</th><th>操作</th></tr>${r.courses
      .map((c: any) => `<tr><td><a href="#/course/${c.id}">${esc(c.title)}</a><div class="muted">${esc(c.code)} · ${esc(c.category)}</div></td><td class="opt">${esc(c.county)}</td><td>${c.startDate}</td>
      <td>${c.confirmed}/${c.capacity}${c.waitlisted ? `<div class="muted">候补${c.waitlisted}</div>` : ''}</td><td><span class="tag">${ST[c.status] ?? c.status}</span></td>
      <td><button class="ghost" data-edit="${c.id}">编辑</button> ${c.status === 'open' || c.status === 'full' ? `<button class="ghost" data-st="closed" data-id="${c.id}">截止</button>` : ''} ${c.status !== 'cancelled' ? `<button class="danger" data-st="cancelled" data-id="${c.id}">取消</button>` : ''}</td></tr>`)
      .join('')}</table>`;
    main.querySelectorAll<HTMLButtonElement>('[data-edit]').forEach((b) => (b.onclick = () => form(r.courses.find((c: any) => c.id === Number(b.dataset.edit)))));
    main.querySelectorAll<HTMLButtonElement>('[data-st]').forEach((b) => (b.onclick = async () => {
      const cancel = b.dataset.st === 'cancelled';
      if (!confirm(cancel ? '取消后将通知已报名的人，确定取消这个课程？' : '确定停止报名？')) return;
      try { const x = await api('POST', `/courses/${b.dataset.id}/status`, { status: b.dataset.st }); toast(cancel ? `已取消，已通知${x.notified}人` : '已截止'); await load(); } catch (e) { toast(errText(e)); }
    }));
  };
  const form = (c?: any) => {
    const box = main.querySelector('#form')!;
    box.innerHTML = `<form id="cf" class="row card">
     <label>课程编码<input name="code" required value="${esc(c?.code)}"></label><label>课程名称<input name="title" required value="${esc(c?.title)}"></label>
     <label>工种<input name="occupation" required value="${esc(c?.occupation)}" size="6"></label>
     <label>类别<select name="category">${CATS.map((x) => opt(x, x, c?.category)).join('')}</select></label>
     <label>开班日期<input type="date" name="startDate" required value="${c?.startDate ?? ''}"></label><label>结束日期<input type="date" name="endDate" required value="${c?.endDate ?? ''}"></label>
     <label>名额<input type="number" name="capacity" min="1" required value="${c?.capacity ?? 30}" class="w5"></label>
     <label>县区<select name="countyCode">${cs.map((x) => opt(x.code, x.name, c?.countyCode)).join('')}</select></label>
     <label>培训地址<input name="address" value="${esc(c?.address)}"></label><label>联系方式<input name="contact" value="${esc(c?.contact)}"></label>
     <button>${c ? '保存' : '创建'}</button><button type="button" class="ghost" id="cx">关闭</button><span class="err" id="ce"></span></form>`;
    box.querySelector<HTMLButtonElement>('#cx')!.onclick = () => (box.innerHTML = '');
    box.querySelector<HTMLFormElement>('#cf')!.onsubmit = async (ev) => {
      ev.preventDefault();
      const d: any = Object.fromEntries(new FormData(ev.target as HTMLFormElement));
      d.capacity = Number(d.capacity);
      try {
        if (c) await api('PATCH', `/courses/${c.id}`, d); else await api('POST', '/courses', d);
        toast(c ? '已保存' : '已创建'); box.innerHTML = ''; await load();
      } catch (e) { box.querySelector('#ce')!.textContent = errText(e); }
    };
  };
  const upload = async (dry: boolean) => {
    const f = main.querySelector<HTMLInputElement>('#file')!.files?.[0];
    if (!f) return toast('请先选择文件');
    const type = f.name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
    try {
      const r = await api('POST', `/courses/import?dryRun=${dry}&filename=${encodeURIComponent(f.name)}`, undefined, { type, data: await f.arrayBuffer() });
      main.querySelector('#report')!.innerHTML = `<p class="${r.ok ? 'ok' : 'err'}">共${r.totalRows}行，有效${r.validRows}行，错误${r.errors.length}行${r.written ? `；已写入：新增${r.created}，更新${r.updated}` : dry ? '（仅检查，未写入）' : '；有错误，未写入'}</p>
       ${r.errors.length ? `<table><tr><th>行号</th><th>课程编码</th><th>问题</th></tr>${r.errors.map((e: any) => `<tr><td>第${e.line}行</td><td>${esc(e.code)}</td><td class="err">${e.reasons.map(esc).join('<br>')}</td></tr>`).join('')}</table>` : ''}`;
      if (r.written) await load();
    } catch (e) { toast(errText(e)); }
  };
  main.querySelector<HTMLButtonElement>('#new')!.onclick = () => form();
  const dry = main.querySelector<HTMLButtonElement>('#dry');
  if (dry) { dry.onclick = () => upload(true); main.querySelector<HTMLButtonElement>('#imp')!.onclick = () => upload(false); }
  main.querySelector<HTMLAnchorElement>('#exp')!.onclick = (ev) => { ev.preventDefault(); location.href = `/api/admin/courses/export.xlsx?${qs()}`; };
  flt.onsubmit = (ev) => { ev.preventDefault(); void load(); };
  await load();
}

export async function coursePage(main: HTMLElement, id?: string): Promise<void> {
  const r = await api('GET', `/courses/${id}/enrollments`);
  main.innerHTML = `<h2>报名名单 <a class="muted" href="/api/admin/courses/${id}/roster.xlsx">导出花名册</a></h2>
  <div class="card"><form id="pf" class="row"><b>代报名</b><label>姓名<input name="name" required size="6"></label><label>手机号<input name="phone" required size="11" inputmode="numeric"></label>
   <label class="inline"><input type="checkbox" name="consent" required>本人已同意保存报名信息</label><button>报名</button><span id="pe" class="err"></span></form></div>
  <div class="card wrap"><table><tr><th>姓名</th><th>手机</th><th>状态</th><th class="opt">方式</th><th>操作</th></tr>${r.enrollments
    .map((e: any) => `<tr><td>${esc(e.name)}</td><td>${esc(e.phone)}</td><td>${esc(e.label)}</td><td class="opt">${e.via === 'proxy' ? `代报名（${esc(e.proxyBy)}）` : '本人'}</td><td>
     ${e.status === 'confirmed' ? `<button class="ghost" data-mark="attended" data-id="${e.id}">到课</button>` : ''}
     ${e.status === 'confirmed' || e.status === 'attended' ? `<button class="ghost" data-mark="certified" data-id="${e.id}">取证</button>` : ''}
     ${e.status === 'waitlisted' ? `<button class="ghost" data-promote="${e.id}">转正式</button>` : ''}
     ${e.status === 'confirmed' || e.status === 'waitlisted' ? `<button class="danger" data-cancel="${e.id}">取消</button>` : ''}</td></tr>`)
    .join('') || '<tr><td colspan="5" class="muted">还没有人报名</td></tr>'}</table></div>`;
  const act = async (fn: () => Promise<unknown>, msg: string) => { try { await fn(); toast(msg); await coursePage(main, id); } catch (e) { toast(errText(e)); } };
  main.querySelectorAll<HTMLButtonElement>('[data-mark]').forEach((b) => (b.onclick = () => act(() => api('POST', `/enrollments/${b.dataset.id}/mark`, { mark: b.dataset.mark }), '已登记')));
  main.querySelectorAll<HTMLButtonElement>('[data-promote]').forEach((b) => (b.onclick = () => act(() => api('POST', `/enrollments/${b.dataset.promote}/promote`), '已转为正式报名并通知本人')));
  main.querySelectorAll<HTMLButtonElement>('[data-cancel]').forEach((b) => (b.onclick = () => confirm('确定取消这条报名？') && act(() => api('DELETE', `/enrollments/${b.dataset.cancel}`), '已取消')));
  main.querySelector<HTMLFormElement>('#pf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    const d: any = Object.fromEntries(new FormData(ev.target as HTMLFormElement));
    try { const x = await api('POST', `/courses/${id}/enrollments`, { name: d.name, phone: d.phone, consent: d.consent === 'on' }); toast(x.status === 'confirmed' ? '报名成功' : `已进入候补第${x.position}位`); await coursePage(main, id); }
    catch (e) { main.querySelector('#pe')!.textContent = errText(e); }
  };
}
