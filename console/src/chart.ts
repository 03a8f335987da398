/** Tiny SVG charts (no library): a funnel and grouped horizontal bars. Colours via attributes (CSP-safe). */
import { esc } from './api';

export const COLORS = ['#1d4e89', '#3f7cc0', '#6ea8dc', '#2f9e6e', '#e0a100', '#c2571a'];
const fmt = (n: number) => n.toLocaleString('zh-CN');

/** Funnel: one bar per step, width by value, with the step-to-step conversion on the right. */
export function funnel(steps: { label: string; value: number }[]): string {
  const max = Math.max(1, ...steps.map((s) => s.value));
  const rowH = 30, labelW = 72, barW = 230, W = labelW + barW + 46;
  const bars = steps
    .map((s, i) => {
      const w = Math.max(2, (s.value / max) * barW);
      const y = i * rowH;
      const prev = steps[i - 1]?.value;
      const conv = i > 0 && prev ? `${Math.round((s.value / prev) * 100)}%` : '';
      return `<text x="${labelW - 6}" y="${y + 19}" text-anchor="end">${esc(s.label)}</text>
      <rect x="${labelW + (barW - w) / 2}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="3" fill="${COLORS[i % COLORS.length]}"/>
      ${w >= 30 ? `<text x="${labelW + barW / 2}" y="${y + 19}" text-anchor="middle" fill="#fff">${fmt(s.value)}</text>` : `<text x="${labelW + (barW + w) / 2 + 4}" y="${y + 19}">${fmt(s.value)}</text>`}
      <text x="${labelW + barW + 8}" y="${y + 19}" class="sub">${conv}</text>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${steps.length * rowH}" role="img" aria-label="漏斗图">${bars}</svg>`;
}

/** Grouped horizontal bars: one group per row, one bar per series, with a legend. */
export function groupedBars(rows: { label: string; values: number[] }[], series: string[]): string {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const barH = 12, gap = 10, labelW = 84, barW = 230, W = labelW + barW + 36;
  const groupH = series.length * barH + gap;
  const legend = series.map((s, i) => `<rect x="${labelW + i * 64}" y="2" width="10" height="10" fill="${COLORS[i]}"/><text x="${labelW + i * 64 + 14}" y="11" class="sub">${esc(s)}</text>`).join('');
  const body = rows
    .map((r, gi) => {
      const y0 = 20 + gi * groupH;
      const label = r.label.length > 6 ? r.label.slice(0, 6) + '…' : r.label;
      return `<text x="${labelW - 6}" y="${y0 + (series.length * barH) / 2 + 4}" text-anchor="end">${esc(label)}<title>${esc(r.label)}</title></text>${r.values
        .map((v, si) => `<rect x="${labelW}" y="${y0 + si * barH}" width="${Math.max(1, (v / max) * barW)}" height="${barH - 2}" fill="${COLORS[si]}"/><text x="${labelW + Math.max(1, (v / max) * barW) + 4}" y="${y0 + si * barH + 9}" class="sub">${fmt(v)}</text>`)
        .join('')}`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${20 + rows.length * groupH}" role="img" aria-label="分组条形图">${legend}${body}</svg>`;
}
