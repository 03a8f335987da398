/** Knowledge base: documents (dates, upload), test a question with scores, Q&A entries, synonyms. */
import { api, esc } from './api';
import { bindSynonyms, synonymsCard } from './kb-synonyms';
import { errText, me, toast } from './session';

const d10 = (s: string | null) => (s ? new Date(new Date(s).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '');

export async function kbPage(main: HTMLElement): Promise<void> {
  const [docs, qa, syn] = await Promise.all([api('GET', '/kb/documents'), api('GET', '/kb/qa'), api('GET', '/knowledge/synonyms')]);
  const admin = me!.role === 'admin';
  main.innerHTML = `<h2>政策知识库</h2>
  <div class="card"><b>测试提问</b><form id="tf" class="row"><input name="q" placeholder="如：残疾人能参加培训吗" class="grow" required><button>测试</button></form><div id="tr"></div></div>
  <div class="card wrap"><b>政策文件</b><table><tr><th>文件</th><th>条款</th><th>生效</th><th>失效</th><th>状态</th></tr>${docs.documents
    .map((d: any) => `<tr><td>${esc(d.title)}<div class="muted">${esc(d.key)}</div></td><td>${d.clauses}</td>
      <td>${admin ? `<input type="date" data-doc="${d.id}" data-f="effectiveFrom" value="${d10(d.effectiveFrom)}">` : d10(d.effectiveFrom)}</td>
      <td>${admin ? `<input type="date" data-doc="${d.id}" data-f="expiresAt" value="${d10(d.expiresAt)}">` : d10(d.expiresAt)}</td><td>${d.inForce ? '<span class="ok">有效</span>' : '<span class="err">未生效/已失效</span>'}</td></tr>`)
    .join('')}</table>
   ${admin ? `<form id="uf" class="row"><label>上传新政策（.txt/.md）<input type="file" name="f" accept=".txt,.md" required></label><label>生效<input type="date" name="effectiveFrom"></label><label>失效<input type="date" name="expiresAt"></label><button>上传</button></form>` : ''}</div>
  <div class="card wrap"><b>人工问答（机器人会用这些回答）</b><form id="qf" class="row"><input name="question" placeholder="问题" required><input name="answer" placeholder="答案" required class="grow"><button>添加</button></form>
   <table><tr><th>问题</th><th>答案</th><th>状态</th></tr>${qa.entries.map((e: any) => `<tr><td>${esc(e.question)}</td><td>${esc(e.answer)}</td><td><button class="ghost" data-qa="${e.id}" data-on="${e.active ? 0 : 1}">${e.active ? '停用' : '启用'}</button></td></tr>`).join('')}</table></div>
  ${synonymsCard(syn.synonyms)}`;
  main.querySelector<HTMLFormElement>('#tf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    const q = new FormData(ev.target as HTMLFormElement).get('q');
    const r = await api('POST', '/kb/test', { question: q });
    main.querySelector('#tr')!.innerHTML = `<p class="${r.answer.answered ? 'ok' : 'err'}">${r.answer.answered ? '回答' : r.answer.expired ? '政策已失效' : '不回答'}（置信度 ${r.answer.confidence}）：${esc(r.answer.text)}</p>
     <table><tr><th>条款</th><th>得分</th><th>覆盖</th><th>来源</th></tr>${r.clauses.map((c: any) => `<tr><td>《${esc(c.document)}》${esc(c.label)}<div class="muted">${esc(c.text.slice(0, 80))}</div></td><td>${c.score}</td><td>${c.coverage}</td><td>${{ 'in-force': '现行', expired: '已失效', qa: '人工问答' }[c.source as string]}</td></tr>`).join('')}</table>`;
  };
  main.querySelectorAll<HTMLInputElement>('[data-doc]').forEach((i) => (i.onchange = async () => {
    try { await api('PATCH', `/kb/documents/${i.dataset.doc}`, { [i.dataset.f!]: i.value || null }); toast('已保存'); await kbPage(main); } catch (e) { toast(errText(e)); }
  }));
  const uf = main.querySelector<HTMLFormElement>('#uf');
  if (uf) uf.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(uf);
    const file = f.get('f') as File;
    const p = new URLSearchParams({ key: file.name });
    for (const k of ['effectiveFrom', 'expiresAt']) if (f.get(k)) p.set(k, String(f.get(k)));
    try { const r = await api('POST', `/kb/documents?${p}`, undefined, { type: 'text/plain', data: await file.text() }); toast(`已导入《${r.title}》${r.clauses}条`); await kbPage(main); } catch (e) { toast(errText(e)); }
  };
  main.querySelector<HTMLFormElement>('#qf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    try { await api('POST', '/kb/qa', Object.fromEntries(new FormData(ev.target as HTMLFormElement))); await kbPage(main); } catch (e) { toast(errText(e)); }
  };
  bindSynonyms(main, () => kbPage(main));
  main.querySelectorAll<HTMLButtonElement>('[data-qa]').forEach((b) => (b.onclick = async () => { await api('PATCH', `/kb/qa/${b.dataset.qa}`, { active: b.dataset.on === '1' }); await kbPage(main); }));
}
