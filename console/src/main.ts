/**
 * 陇原技能助手 staff console: a small framework-free single-page app (hash routes), so the
 * first load stays within the page-weight budget on a slow county connection.
 */
import './style.css';
import { api, esc, setCsrf } from './api';
import { errText, me, setMe, type Me } from './session';
import { coursesPage, coursePage } from './courses';
import { inboxPage } from './inbox';
import { kbPage } from './kb';
import { staffPage, auditPage, passwordPage } from './staff';

const app = document.getElementById('app')!;

const ROLE = { admin: '省级管理员', county: '县区', institution: '培训机构' };
type Page = (main: HTMLElement, arg?: string) => Promise<void>;
const pages: Record<string, { title: string; page: Page; roles?: Me['role'][] }> = {
  courses: { title: '课程', page: coursesPage },
  course: { title: '报名', page: coursePage },
  inbox: { title: '人工服务', page: inboxPage, roles: ['admin', 'county'] },
  kb: { title: '政策知识库', page: kbPage, roles: ['admin', 'county'] },
  // Loaded on first use (own chunks): the first load stays small.
  broadcasts: { title: '群发通知', page: async (m) => (await import('./broadcasts')).broadcastsPage(m) },
  dashboard: { title: '数据看板', page: async (m) => (await import('./dashboard')).dashboardPage(m) },
  staff: { title: '账号', page: staffPage, roles: ['admin'] },
  audit: { title: '操作日志', page: auditPage, roles: ['admin'] },
  password: { title: '改密码', page: passwordPage },
};
const NAV = ['courses', 'inbox', 'kb', 'broadcasts', 'dashboard', 'staff', 'audit', 'password'];

function loginView(): void {
  app.innerHTML = `<div class="card login"><h2>陇原技能助手 · 管理后台</h2>
  <form id="lf"><input name="username" placeholder="用户名" autocomplete="username" required>
  <input name="password" type="password" placeholder="密码" autocomplete="current-password" required>
  <button class="full">登录</button><p class="err" id="le"></p></form></div>`;
  document.getElementById('lf')!.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target as HTMLFormElement);
    try {
      const r = await api('POST', '/session', { username: f.get('username'), password: f.get('password') });
      setCsrf(r.csrfToken); setMe(r.staff);
      location.hash = '#/courses'; route();
    } catch (e) { document.getElementById('le')!.textContent = errText(e); }
  });
}

async function route(): Promise<void> {
  const [, name = 'courses', arg] = location.hash.split('/');
  if (name === 'login') return loginView();
  if (!me) {
    try { const r = await api('GET', '/me'); setMe(r.staff); setCsrf(r.csrfToken ?? ''); } catch { return loginView(); }
    if (!me) return loginView();
  }
  const page = pages[name] ?? pages.courses!;
  const nav = NAV.filter((k) => !pages[k]!.roles || pages[k]!.roles!.includes(me!.role))
    .map((k) => `<a href="#/${k}" class="${k === name ? 'on' : ''}">${pages[k]!.title}</a>`).join('');
  app.innerHTML = `<header><b>陇原技能助手</b>${nav}<span class="who">${esc(me.username)}（${ROLE[me.role]}）</span><a href="#/login" id="logout">退出</a></header><main id="main"></main>`;
  document.getElementById('logout')!.addEventListener('click', () => { api('DELETE', '/session').catch(() => {}); setMe(null); });
  const main = document.getElementById('main')!;
  if (page.roles && !page.roles.includes(me.role)) { main.innerHTML = '<p class="err">没有权限</p>'; return; }
  try { await page.page(main, arg); } catch (e) { main.innerHTML = `<p class="err">${esc(errText(e))}</p>`; }
}
window.addEventListener('hashchange', () => void route());
void route();
