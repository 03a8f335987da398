/** 人工服务 inbox: requests and unanswered questions with the conversation excerpt; claim, reply (optionally saved as Q&A), close. */
import { api, esc } from './api';
import { errText, toast } from './session';

export async function inboxPage(main: HTMLElement): Promise<void> {
  const r = await api('GET', '/handoffs?status=open');
  main.innerHTML = `<h2>人工服务（待处理 ${r.handoffs.length}）</h2>${r.handoffs
    .map((h: any) => `<div class="card" data-h="${h.id}"><div><span class="tag">${h.kind === 'abstain' ? '机器人答不上' : '找人工'}</span> <span class="muted">${new Date(h.createdAt).toLocaleString('zh-CN')} · ${esc(h.channel)}${h.claimedBy ? ` · 已认领：${esc(h.claimedBy)}` : ''}</span></div>
     <p><b>问题：</b>${esc(h.question || '（没有问题文字）')}</p>
     <details><summary class="muted">对话记录</summary>${h.excerpt.map((m: any) => `<div class="msg-${m.direction}">${esc(m.text)}</div>`).join('')}</details>
     <form class="row"><textarea name="text" rows="2" class="grow" placeholder="回复内容（将通过对方的渠道发送）" required></textarea>
      <label class="inline"><input type="checkbox" name="qa">存入知识库</label>
      <button>发送回复</button><button type="button" class="ghost" data-claim>认领</button><button type="button" class="ghost" data-close>关闭</button></form></div>`)
    .join('') || '<div class="card muted">没有待处理的请求</div>'}`;
  main.querySelectorAll<HTMLElement>('[data-h]').forEach((card) => {
    const id = card.dataset.h;
    const form = card.querySelector('form')!;
    form.onsubmit = async (ev) => {
      ev.preventDefault();
      const d = new FormData(form);
      try {
        const x = await api('POST', `/handoffs/${id}/reply`, { text: d.get('text'), saveAsQa: d.get('qa') === 'on' });
        toast(`${x.queued ? '已加入发送队列，稍后送达' : '这条答复已经发过了'}${x.qaId ? '，已存入知识库' : ''}`);
        await inboxPage(main);
      } catch (e) { toast(errText(e)); }
    };
    card.querySelector<HTMLButtonElement>('[data-claim]')!.onclick = async () => { try { await api('POST', `/handoffs/${id}/claim`); toast('已认领'); await inboxPage(main); } catch (e) { toast(errText(e)); } };
    card.querySelector<HTMLButtonElement>('[data-close]')!.onclick = async () => { try { await api('POST', `/handoffs/${id}/close`); await inboxPage(main); } catch (e) { toast(errText(e)); } };
  });
}
