// Web chat: the server gives this browser an anonymous identity (an HttpOnly cookie set by
// POST /api/chat/messages); the page never chooses or sends a user id.
const log = document.getElementById('log');
const input = document.getElementById('text');

function add(text, who) {
  const row = document.createElement('div');
  row.className = 'msg ' + who;
  const b = document.createElement('div');
  b.className = 'bubble';
  b.textContent = text;
  row.appendChild(b);
  log.appendChild(row);
  log.scrollTop = log.scrollHeight;
}

async function send(body, shown) {
  add(shown, 'me');
  try {
    const res = await fetch('/api/chat/messages', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messageId: crypto.randomUUID ? crypto.randomUUID() : String(Date.now()), ...body }),
    });
    const data = await res.json();
    if (!res.ok) { add('⚠️ ' + (data.error || res.status), 'bot'); return; }
    for (const r of data.replies) add(r.text, 'bot');
  } catch (e) { add('⚠️ 网络不通，请稍后再试', 'bot'); }
}

document.getElementById('f').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ text }, text);
});
document.querySelectorAll('#quick button').forEach((b) => b.addEventListener('click', () => send({ text: b.dataset.t }, b.dataset.t)));
document.getElementById('loc').addEventListener('click', () => {
  const fallback = () => send({ location: { lat: 35.8434, lng: 104.1101, label: '榆中县城关镇（示例位置）' } }, '📍 榆中县城关镇（示例位置）');
  if (!navigator.geolocation) return fallback();
  navigator.geolocation.getCurrentPosition(
    (p) => send({ location: { lat: p.coords.latitude, lng: p.coords.longitude, label: '我的位置' } }, '📍 我的位置'),
    fallback, { timeout: 5000 });
});

// Messages pushed later (waitlist promotion, reminders, staff answers).
setInterval(async () => {
  try {
    const res = await fetch('/api/chat/messages/pending', { credentials: 'same-origin' });
    if (res.ok) for (const m of (await res.json()).messages) { add(m.text, 'bot'); log.lastChild.classList.add('notice'); }
  } catch {}
}, 5000);

if (!localStorage.getItem('sim-greeted')) { localStorage.setItem('sim-greeted', '1'); send({ text: '你好' }, '你好'); }
else add('回复“菜单”查看功能，或直接打字提问。', 'bot');
