/** 数据看板: the funnel reached → asked → signed up → attended → certified → employed, and the other figures, per county / institution / course. */
import { api, esc } from './api';
import { funnel, groupedBars } from './chart';
import { me } from './session';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const GROUP: Record<string, string> = { county: '按县区', institution: '按培训机构', course: '按课程' };

export async function dashboardPage(main: HTMLElement): Promise<void> {
  const role = me!.role;
  const counties = role === 'institution' ? [] : (await api('GET', '/places/counties')).counties;
  main.innerHTML = `<h2>数据看板</h2>
  <form id="df" class="card row">
   ${role !== 'institution' ? `<label>县区<select name="county"><option value="">${role === 'admin' ? '全省' : '本县区（市州）全部'}</option>${counties.map((c: any) => `<option value="${esc(c.code)}">${esc(c.name)}</option>`).join('')}</select></label>` : ''}
   <label>分组<select name="groupBy">${Object.entries(GROUP).filter(([k]) => role !== 'institution' || k === 'course').map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
  </form><div id="dash">加载中…</div>`;
  const form = main.querySelector<HTMLFormElement>('#df')!;
  const load = async () => {
    const q = new URLSearchParams([...new FormData(form)].filter(([, v]) => v) as [string, string][]);
    const s = await api('GET', `/stats?${q}`);
    const p = s.people;
    const employed = s.followUps.employed + s.followUps.entrepreneur;
    const kpi = (label: string, value: string, note = '') => `<div class="kpi"><div class="muted">${label}</div><b>${value}</b>${note ? `<div class="muted">${note}</div>` : ''}</div>`;
    const steps = [
      ...(p ? [{ label: '触达人数', value: p.reached }, { label: '提问人数', value: p.asked }] : []),
      { label: '报名', value: s.signUps },
      { label: '参训', value: s.attended },
      { label: '取证', value: s.certified },
      { label: '就业创业', value: employed },
    ];
    const rows = s.rows.slice(0, 15);
    main.querySelector('#dash')!.innerHTML = `<div class="kpis">
      ${p ? kpi('触达人数', String(p.reached)) + kpi('提问', String(p.questions), `${p.asked}人`) + kpi('机器人未答率', pct(p.abstainRate), `未答 ${p.abstained} 条`) : ''}
      ${kpi('报名', String(s.signUps))}${kpi('参训', String(s.attended))}${kpi('合格率', pct(s.passRate), `取证 ${s.certified} / 参训 ${s.attended}`)}
      ${kpi('就业创业成功率', pct(s.employmentRate), `回访答复 ${s.followUps.answered} 人`)}
      ${kpi('群发', String(s.broadcasts), `已发出 ${s.messagesSent} 条`)}${p ? kpi('退订', String(p.optOuts)) : ''}</div>
     <div class="card"><h3>转化漏斗</h3>${funnel(steps)}<p class="muted">触达、提问按本地区的人计；报名以下按课程计。就业创业来自结业后回访（已就业+已创业 / 答复回访人数）。</p></div>
     <div class="card wrap"><h3>${GROUP[String(q.get('groupBy') ?? 'county')] ?? ''}</h3>${rows.length ? groupedBars(rows.map((r: any) => ({ label: r.label, values: [r.signUps, r.attended, r.certified] })), ['报名', '参训', '取证']) : '<p class="muted">暂无报名数据</p>'}
      ${rows.length ? `<table><tr><th>${esc(GROUP[String(q.get('groupBy') ?? 'county')]!.slice(1))}</th><th>报名</th><th>参训</th><th>取证</th><th>合格率</th><th class="opt">回访</th><th>就业创业率</th></tr>${rows
        .map((r: any) => `<tr><td>${esc(r.label)}</td><td>${r.signUps}</td><td>${r.attended}</td><td>${r.certified}</td><td>${pct(r.passRate)}</td><td class="opt">${r.followUps.answered}</td><td>${pct(r.employmentRate)}</td></tr>`)
        .join('')}</table>` : ''}</div>`;
  };
  form.onchange = () => void load();
  await load();
}
