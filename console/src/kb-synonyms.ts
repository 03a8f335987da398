/** The knowledge page's synonym section: staff-added words (add / delete) and the shipped list, folded. */
import { api, esc } from './api';
import { errText, toast } from './session';

interface Synonym { id?: number; word: string; replacement: string; source: 'staff' | 'shipped'; createdBy?: string; overridden?: boolean }

/** The section's HTML for the list from GET /knowledge/synonyms. */
export function synonymsCard(list: Synonym[]): string {
  const own = list.filter((s) => s.source === 'staff');
  const shipped = list.filter((s) => s.source === 'shipped');
  return `<div class="card wrap"><b>同义词（群众的说法 → 政策里的词）</b>
   <form id="sf" class="row"><label>群众说法<input name="word" placeholder="如：巴郎子" maxlength="12" required></label><label class="grow">政策用词（空格分开）<input name="replacement" placeholder="如：子女 两后生" required></label><button>添加</button></form>
   <table><tr><th>说法</th><th>政策用词</th><th>添加人</th><th></th></tr>${own.map((s) => `<tr><td>${esc(s.word)}</td><td>${esc(s.replacement)}</td><td>${esc(s.createdBy ?? '')}</td><td><button class="ghost" data-syn="${s.id}">删除</button></td></tr>`).join('') || '<tr><td colspan="4" class="muted">还没有人工添加的同义词</td></tr>'}</table>
   <details><summary class="muted">系统自带 ${shipped.length} 条</summary><table>${shipped.map((s) => `<tr><td>${esc(s.word)}</td><td>${esc(s.replacement)}${s.overridden ? ' <span class="tag">已被人工覆盖</span>' : ''}</td></tr>`).join('')}</table></details></div>`;
}

/** Wires the add form and delete buttons; `refresh` redraws the page after a change. */
export function bindSynonyms(main: HTMLElement, refresh: () => Promise<void>): void {
  main.querySelector<HTMLFormElement>('#sf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    try { await api('POST', '/knowledge/synonyms', Object.fromEntries(new FormData(ev.target as HTMLFormElement))); toast('已添加，下一个提问就会用到'); await refresh(); } catch (e) { toast(errText(e)); }
  };
  main.querySelectorAll<HTMLButtonElement>('[data-syn]').forEach((b) => (b.onclick = async () => {
    try { await api('DELETE', `/knowledge/synonyms/${b.dataset.syn}`); await refresh(); } catch (e) { toast(errText(e)); }
  }));
}
