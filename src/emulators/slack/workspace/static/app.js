/* global document, window, fetch, EventSource, localStorage, URLSearchParams */
// The local workspace page: renders the emulator's state and turns typing and clicks into the same signed
// requests Slack would send to the app. Plain browser JavaScript, no build step.

const $ = (id) => document.getElementById(id);
const view = {
  userId: localStorage.getItem('adpilot.user') || 'U_APPROVER',
  channelId: 'C_ADS',
  home: false,
  state: null,
};

// ---------- mrkdwn → HTML ----------

const EMOJI = {
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  no_entry_sign: '🚫',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  leftwards_arrow_with_hook: '↩️',
  sparkles: '✨',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  white_circle: '⚪',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  arrows_counterclockwise: '🔄',
  grey_question: '❔',
  double_vertical_bar: '⏸️',
  chart_with_upwards_trend: '📈',
  bulb: '💡',
  tada: '🎉',
  rocket: '🚀',
};

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
// Slack text arrives with &amp; &lt; &gt; already escaped; keep those, escape anything else.
const escapeSlack = (s) =>
  s
    .replace(/&(?!amp;|lt;|gt;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function userName(id) {
  const u = view.state?.users.find((x) => x.id === id);
  return u ? u.real_name : id;
}

function token(inner) {
  const [ref, label] = inner.split('|');
  if (ref.startsWith('@')) return `<span class="mention">@${escapeHtml(userName(ref.slice(1)))}</span>`;
  if (ref.startsWith('#')) return `<span class="mention">#${escapeHtml(label || ref.slice(1))}</span>`;
  if (ref.startsWith('!date^')) {
    const seconds = Number(ref.split('^')[1]);
    return escapeHtml(new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
  }
  if (ref.startsWith('!')) return `<span class="mention">@${escapeHtml(ref.slice(1))}</span>`;
  return `<a href="${escapeHtml(ref)}" target="_blank" rel="noreferrer">${escapeHtml(label || ref)}</a>`;
}

function inline(s) {
  return escapeSlack(s)
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
}

function mrkdwn(text) {
  // Code blocks first (no formatting inside), then <…> tokens, then inline styles.
  return text
    .split(/```/)
    .map((part, i) => {
      if (i % 2 === 1) return `<pre>${escapeSlack(part)}</pre>`;
      return part
        .split(/<([^<>]+)>/)
        .map((p, j) => (j % 2 === 1 ? token(p) : inline(p)))
        .join('')
        .replace(/\n/g, '<br>');
    })
    .join('');
}

const textHtml = (t) =>
  !t
    ? ''
    : t.type === 'mrkdwn'
      ? mrkdwn(t.text)
      : escapeHtml(t.text).replace(/:([a-z0-9_+-]+):/g, (m, n) => EMOJI[n] || m);

// ---------- blocks → DOM ----------

function el(tag, attrs = {}, html = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.innerHTML = html;
  return e;
}

function imageSrc(img) {
  if (img.slack_file?.id) return `/files/${encodeURIComponent(img.slack_file.id)}/image`;
  return img.slack_file?.url || img.image_url;
}

function button(element, where) {
  const b = el('button', { class: element.style || '' }, textHtml(element.text));
  b.addEventListener('click', async () => {
    b.disabled = true;
    await post('click', { ...where, actionId: element.action_id, value: element.value });
    b.disabled = false;
  });
  return b;
}

function renderBlock(block, where) {
  const d = el('div', { class: `block ${block.type}` });
  switch (block.type) {
    case 'header':
      d.append(el('h3', {}, textHtml(block.text)));
      break;
    case 'section': {
      if (block.text) d.append(el('div', {}, textHtml(block.text)));
      if (block.fields)
        d.append(el('div', { class: 'fields' }, block.fields.map((f) => `<div>${textHtml(f)}</div>`).join('')));
      if (block.accessory?.type === 'button') d.append(button(block.accessory, where));
      if (block.accessory?.type === 'image')
        d.append(
          el('img', { class: 'image', src: imageSrc(block.accessory), alt: block.accessory.alt_text, width: '80' }),
        );
      break;
    }
    case 'context':
      for (const e of block.elements)
        d.append(
          e.type === 'image'
            ? el('img', { src: imageSrc(e), alt: e.alt_text, width: '16' })
            : el('span', {}, textHtml(e)),
        );
      break;
    case 'divider':
      d.append(el('hr'));
      break;
    case 'image':
      if (block.title) d.append(el('div', {}, textHtml(block.title)));
      d.append(el('img', { class: 'image', src: imageSrc(block), alt: block.alt_text }));
      break;
    case 'actions':
      for (const e of block.elements)
        d.append(e.type === 'button' ? button(e, where) : el('code', {}, escapeHtml(`[${e.type}]`)));
      break;
    case 'input': {
      const id = `${block.block_id}.${block.element.action_id}`;
      const errors = where.errors || {};
      d.append(el('label', { for: id }, textHtml(block.label)));
      const input = block.element.multiline ? el('textarea', { id, rows: '4' }) : el('input', { id });
      input.dataset.block = block.block_id;
      input.dataset.action = block.element.action_id;
      if (block.element.placeholder) input.placeholder = block.element.placeholder.text;
      if (block.element.max_length) input.maxLength = block.element.max_length;
      d.append(input);
      if (block.hint) d.append(el('div', { class: 'hint' }, textHtml(block.hint)));
      if (errors[block.block_id]) d.append(el('div', { class: 'error' }, escapeHtml(errors[block.block_id])));
      break;
    }
    default:
      d.append(el('pre', {}, escapeHtml(JSON.stringify(block, null, 2))));
  }
  return d;
}

function renderMessage(m) {
  const user = view.state.users.find((u) => u.id === m.user);
  const name = user ? user.real_name : m.user;
  const row = el('div', { class: `msg${m.ephemeralFor ? ' ephemeral' : ''}` });
  row.append(el('div', { class: `avatar${user?.is_bot ? ' bot' : ''}` }, escapeHtml(name.slice(0, 1).toUpperCase())));
  const body = el('div', { class: 'body' });
  const time = new Date(Number(m.ts) * 1000).toLocaleTimeString(undefined, { timeStyle: 'short' });
  body.append(
    el(
      'div',
      { class: 'meta' },
      `<b>${escapeHtml(name)}</b>${user?.is_bot ? 'APP ' : ''}${time}${m.thread_ts ? ' · in thread' : ''}`,
    ),
  );
  const where = { channelId: m.channel, messageTs: m.ts };
  if (m.blocks?.length) for (const b of m.blocks) body.append(renderBlock(b, where));
  else if (m.text) body.append(el('div', {}, m.command ? escapeHtml(m.text) : mrkdwn(m.text)));
  for (const f of m.files || [])
    body.append(
      f.mimetype.startsWith('image/')
        ? el('img', { class: 'image', src: f.url_private, alt: f.alt_txt || f.title, title: f.title })
        : el('a', { href: f.url_private }, escapeHtml(f.name)),
    );
  if (m.edited) body.append(el('span', { class: 'edited' }, '(edited)'));
  if (m.ephemeralFor) body.append(el('div', { class: 'ephemeral-note' }, '👁 Only visible to you'));
  row.append(body);
  return row;
}

function renderModal(modal) {
  const root = $('modal-root');
  root.innerHTML = '';
  if (!modal) return;
  const overlay = el('div', { class: 'overlay' });
  const box = el('form', { class: 'modal' });
  box.append(el('h2', {}, textHtml(modal.title)));
  const where = { viewId: modal.id, errors: modal.errors };
  for (const b of modal.blocks) box.append(renderBlock(b, where));
  if (modal.errors['']) box.append(el('div', { class: 'error' }, escapeHtml(modal.errors[''])));
  const footer = el('footer');
  const close = el('button', { type: 'button' }, textHtml(modal.close || { type: 'plain_text', text: 'Cancel' }));
  close.addEventListener('click', () => post('close', { viewId: modal.id }));
  footer.append(close);
  if (modal.submit) footer.append(el('button', { type: 'submit', class: 'primary' }, textHtml(modal.submit)));
  box.append(footer);
  box.addEventListener('submit', (e) => {
    e.preventDefault();
    const values = {};
    for (const input of box.querySelectorAll('[data-block]')) {
      values[input.dataset.block] = values[input.dataset.block] || {};
      values[input.dataset.block][input.dataset.action] = input.value;
    }
    void post('submit', { viewId: modal.id, values });
  });
  overlay.append(box);
  root.append(overlay);
  box.querySelector('textarea, input')?.focus();
}

function render() {
  const s = view.state;
  const select = $('user');
  select.innerHTML = s.users
    .filter((u) => !u.is_bot)
    .map((u) => `<option value="${u.id}">${escapeHtml(u.real_name)}</option>`)
    .join('');
  select.value = view.userId;
  $('user-note').textContent = s.users.find((u) => u.id === view.userId)?.title || '';
  $('app-status').textContent = s.appConnected
    ? '🟢 adpilot is connected'
    : '⚪ no app connected (appRequestUrl not set)';
  const list = $('channels');
  list.innerHTML = '';
  for (const c of s.channels) {
    const a = el(
      'a',
      { href: '#', class: !view.home && c.id === view.channelId ? 'active' : '' },
      escapeHtml(c.is_im ? `@ adpilot (DM)` : `# ${c.name}`),
    );
    a.addEventListener('click', (e) => {
      e.preventDefault();
      view.home = false;
      view.channelId = c.id;
      render();
    });
    const li = el('li');
    li.append(a);
    list.append(li);
  }
  $('home-link').className = view.home ? 'active' : '';
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  box.innerHTML = '';
  if (view.home) {
    $('title').textContent = '🏠 adpilot — Home';
    $('composer').hidden = true;
    if (s.home) for (const b of s.home.blocks) box.append(renderBlock(b, { viewId: s.home.id }));
    else box.append(el('p', { class: 'note' }, 'The app has not published a Home tab for you yet.'));
  } else {
    const channel = s.channels.find((c) => c.id === view.channelId) || s.channels[0];
    view.channelId = channel.id;
    $('title').textContent = channel.is_im ? '@ adpilot' : `# ${channel.name}`;
    $('composer').hidden = false;
    for (const m of s.messages[channel.id] || []) box.append(renderMessage(m));
  }
  if (atBottom || !render.done) box.scrollTop = box.scrollHeight;
  render.done = true;
  renderModal(s.modal);
}

// ---------- talking to the emulator ----------

function toast(text) {
  const t = el('div', { class: 'toast' }, escapeHtml(text));
  document.body.append(t);
  window.setTimeout(() => t.remove(), 4000);
}

async function post(action, body) {
  const res = await fetch(`/workspace/${action}`, {
    method: 'POST',
    // The server refuses anything else: a cross-site page cannot send JSON without a preflight.
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: view.userId, channelId: view.channelId, ...body }),
  });
  const answer = await res.json();
  if (!res.ok) toast(answer.error);
  else if (answer.status && answer.status !== 200) toast(`The app answered HTTP ${answer.status}`);
  await refresh();
  return answer;
}

// Modal text the user is typing must survive a refresh caused by someone else's message.
async function refresh() {
  const res = await fetch(`/workspace/state?${new URLSearchParams({ user: view.userId })}`);
  const next = await res.json();
  const openId = view.state?.modal?.id;
  const typed = [...document.querySelectorAll('#modal-root [data-block]')].map((i) => [i.id, i.value]);
  const modalUnchanged =
    openId && next.modal?.id === openId && JSON.stringify(next.modal) === JSON.stringify(view.state.modal);
  view.state = next;
  if (modalUnchanged) {
    const keep = $('modal-root').firstChild;
    render();
    $('modal-root').replaceChildren(keep);
  } else {
    render();
    for (const [id, value] of typed) if (document.getElementById(id)) document.getElementById(id).value = value;
  }
}

$('user').addEventListener('change', (e) => {
  view.userId = e.target.value;
  localStorage.setItem('adpilot.user', view.userId);
  void refresh();
});
$('home-link').addEventListener('click', (e) => {
  e.preventDefault();
  view.home = true;
  void post('home', {});
});
$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('input').value.trim();
  if (!text) return;
  $('input').value = '';
  void post('command', { text });
});

let pending = 0;
new EventSource('/workspace/events').onmessage = () => {
  // Many changes arrive in bursts (a card, then its chart): refresh once per burst.
  window.clearTimeout(pending);
  pending = window.setTimeout(() => void refresh(), 50);
};
void refresh();
