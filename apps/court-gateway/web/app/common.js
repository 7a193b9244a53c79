// Shared by the desk and the reports: rendering, the language switch, the API, formatting.
import { h, render } from 'preact';
import htm from 'htm';
import zh from '../i18n/zh-CN.js';
import en from '../i18n/en.js';

export const html = htm.bind(h);
export { render };

const DICTIONARIES = { 'zh-CN': zh, en };
export const lang = DICTIONARIES[localStorage.getItem('lang')] ? localStorage.getItem('lang') : 'zh-CN';
document.documentElement.lang = lang;

export function t(key) {
  return DICTIONARIES[lang][key] ?? DICTIONARIES['zh-CN'][key] ?? key;
}

export function switchLanguage() {
  localStorage.setItem('lang', lang === 'zh-CN' ? 'en' : 'zh-CN');
  location.reload();
}

export class ApiError extends Error {
  constructor(status, messages) {
    super(messages.join('; '));
    this.status = status;
  }
}

export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { accept: 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, [].concat(body?.message ?? response.statusText));
  return body;
}

export function formatDateTime(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', hour12: false });
}

/** 754 → "12:34"; 4000 → "1:06:40" */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(Math.abs(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return (seconds < 0 ? '-' : '') + (hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`);
}

export function formatShare(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function Header({ page, extra }) {
  return html`<header class="top">
    <h1>${t(page === 'desk' ? 'app.desk' : 'app.reports')}</h1>
    <nav>
      <a href="/desk" class=${page === 'desk' ? 'active' : ''}>${t('nav.desk')}</a>
      <a href="/reports" class=${page === 'reports' ? 'active' : ''}>${t('nav.reports')}</a>
    </nav>
    ${extra}
    <button class="lang" data-testid="lang" onClick=${switchLanguage}>${t('lang.switch')}</button>
  </header>`;
}
