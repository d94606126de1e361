/**
 * The local workspace page: plain HTML, CSS and browser JavaScript kept as static files next to this module
 * (no build step). The emulator serves it at `/`.
 */
import { readFileSync } from 'node:fs';

const read = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
const STYLE = read('style.css');
const SCRIPT = read('app.js');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function workspacePage(teamName: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(teamName)} · local Slack workspace</title>
<style>${STYLE}</style>
</head>
<body>
<aside id="sidebar">
  <h1 id="team">${escapeHtml(teamName)}</h1>
  <label class="who">You are
    <select id="user"></select>
  </label>
  <p id="user-note" class="note"></p>
  <h2>Channels</h2>
  <ul id="channels"></ul>
  <h2>Apps</h2>
  <ul><li><a href="#" id="home-link" data-home>🏠 adpilot Home</a></li></ul>
  <p id="app-status" class="note"></p>
</aside>
<main>
  <header id="title"></header>
  <section id="messages" aria-live="polite"></section>
  <form id="composer" autocomplete="off">
    <input id="input" placeholder="Type /help, /score, /pending, /sync-now … and press Enter">
  </form>
</main>
<div id="modal-root"></div>
<script type="module">${SCRIPT}</script>
</body>
</html>`;
}
