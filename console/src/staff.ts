/** Staff accounts (admin), audit log (admin), own password. */
import { api, esc } from './api';
import { errText, toast } from './session';

const ROLE: Record<string, string> = { admin: '省级管理员', county: '县区', institution: '培训机构' };

export async function staffPage(main: HTMLElement): Promise<void> {
  const r = await api('GET', '/staff');
  main.innerHTML = `<h2>账号</h2><div class="card"><form id="sf" class="row"><label>用户名<input name="username" required></label><label>初始密码<input name="password" required minlength="8"></label>
   <label>角色<select name="role"><option value="county">县区</option><option value="institution">培训机构</option><option value="admin">省级管理员</option></select></label>
   <label>县区代码<input name="county" size="6" placeholder="620123"></label><label>机构编号<input name="institutionId" size="4"></label><button>创建</button><span id="se" class="err"></span></form></div>
   <div class="card wrap"><table><tr><th>用户名</th><th>角色</th><th>范围</th><th>最近登录</th><th>操作</th></tr>${r.staff
     .map((s: any) => `<tr><td>${esc(s.username)}</td><td>${ROLE[s.role]}</td><td>${esc(s.countyCode ?? (s.institutionId ? `机构${s.institutionId}` : '全省'))}</td><td>${s.lastLoginAt ? new Date(s.lastLoginAt).toLocaleString('zh-CN') : '—'}</td>
      <td><button class="ghost" data-dis="${s.id}" data-v="${s.disabled ? 0 : 1}">${s.disabled ? '启用' : '停用'}</button> <button class="ghost" data-pw="${s.id}">重置密码</button></td></tr>`).join('')}</table></div>`;
  main.querySelector<HTMLFormElement>('#sf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    const d: any = Object.fromEntries([...new FormData(ev.target as HTMLFormElement)].filter(([, v]) => v));
    if (d.institutionId) d.institutionId = Number(d.institutionId);
    try { await api('POST', '/staff', d); toast('已创建'); await staffPage(main); } catch (e) { main.querySelector('#se')!.textContent = errText(e); }
  };
  main.querySelectorAll<HTMLButtonElement>('[data-dis]').forEach((b) => (b.onclick = async () => { try { await api('POST', `/staff/${b.dataset.dis}/disable`, { disabled: b.dataset.v === '1' }); await staffPage(main); } catch (e) { toast(errText(e)); } }));
  main.querySelectorAll<HTMLButtonElement>('[data-pw]').forEach((b) => (b.onclick = async () => {
    const pw = prompt('新密码（至少8位）'); if (!pw) return;
    try { await api('POST', `/staff/${b.dataset.pw}/password`, { password: pw }); toast('已重置'); } catch (e) { toast(errText(e)); }
  }));
}

export async function auditPage(main: HTMLElement): Promise<void> {
  const r = await api('GET', '/audit?limit=200');
  main.innerHTML = `<h2>操作日志</h2><div class="card wrap"><table><tr><th>时间</th><th>账号</th><th>操作</th><th>对象</th><th class="opt">详情</th></tr>${r.entries
    .map((e: any) => `<tr><td>${new Date(e.createdAt).toLocaleString('zh-CN')}</td><td>${esc(e.username)}</td><td>${esc(e.action)}</td><td>${esc(e.target)}</td><td class="opt muted">${esc(JSON.stringify(e.details))}</td></tr>`).join('')}</table></div>`;
}

export async function passwordPage(main: HTMLElement): Promise<void> {
  main.innerHTML = `<h2>修改密码</h2><div class="card"><form id="pf" class="row"><label>当前密码<input type="password" name="current" required></label><label>新密码<input type="password" name="password" minlength="8" required></label><button>修改</button><span id="pe" class="err"></span></form></div>`;
  main.querySelector<HTMLFormElement>('#pf')!.onsubmit = async (ev) => {
    ev.preventDefault();
    try { await api('POST', '/me/password', Object.fromEntries(new FormData(ev.target as HTMLFormElement))); toast('密码已修改'); } catch (e) { main.querySelector('#pe')!.textContent = errText(e); }
  };
}
