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

/**
 * A coded message (an error or reason code from the server) in the page's language: the
 * dictionary's `{name}` placeholders are filled from `params`; `{name|prefix}` shows the value's
 * own translation (`prefix.value`) where there is one. Null when the code is not in the dictionary.
 */
export function translateCode(key, params = {}) {
  const template = DICTIONARIES[lang][key] ?? DICTIONARIES['zh-CN'][key];
  if (template === undefined) return null;
  return template.replace(/\{(\w+)(?:\|([\w.]+))?\}/g, (_, name, prefix) => {
    const value = params?.[name] ?? '';
    if (prefix) return t(`${prefix}.${value}`);
    return name === 'field' ? fieldLabel(String(value)) : String(value);
  });
}

/**
 * A field path (`plate`, `items.3.vehicleColor`) in the page's words: in Chinese each name with a
 * label (`field.plate` 车牌) is shown by it, so a reason reads 车牌 不是…; in English the API's own
 * names stay, as the API documentation spells them.
 */
function fieldLabel(path) {
  if (lang !== 'zh-CN') return path;
  return path.replace(/[A-Za-z]\w*/g, (name) => DICTIONARIES['zh-CN'][`field.${name}`] ?? name);
}

/** A reason given as parts (`{ code, params }`) in the page's language; `fallback` (the English) when a part has no entry. */
export function reasonText(parts, fallback) {
  if (!Array.isArray(parts) || parts.length === 0) return fallback ?? '';
  const texts = parts.map((part) => translateCode(part.code, part.params));
  return texts.includes(null) ? (fallback ?? '') : texts.join(t('reason.separator'));
}

export function switchLanguage() {
  localStorage.setItem('lang', lang === 'zh-CN' ? 'en' : 'zh-CN');
  location.reload();
}

export class ApiError extends Error {
  constructor(status, messages, code, params, errors) {
    super(messages.join('; '));
    this.status = status;
    /** The error code (libs/contracts/src/errors.ts) and its values, when the server gave one. */
    this.code = code;
    this.params = params;
    /** For a refusal of the request's form: each problem with its field, code and values (libs/contracts/src/problems.ts). */
    this.errors = Array.isArray(errors) ? errors : [];
  }
}

/** The server's error answer as an ApiError (also for pages that call fetch themselves). */
export function apiErrorOf(response, body) {
  return new ApiError(response.status, [].concat(body?.message ?? response.statusText), body?.code, body?.params, body?.errors);
}

/** Called when a request answers 401: the session has ended, the page returns to the sign-in form (auth.js). */
let unauthorized = () => undefined;
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Which session the page is in, counted up at every sign-in and sign-out (auth.js). A request of
 * the session before (a list still loading, the alert stream's check after sign-out) can answer
 * 401 after someone else has signed in on the same page: that 401 speaks of a session that has
 * already ended and must not send the new person back to the sign-in form.
 */
let sessionEpoch = 0;
export function sessionChanged() {
  sessionEpoch += 1;
}

/**
 * JSON over fetch. The session travels in the HttpOnly cookie the sign-in set, so no token is
 * handled here. A 401 (session expired, account disabled) sends the page back to the sign-in
 * form, except for the sign-in calls themselves (`signIn: true`).
 */
export async function api(path, options = {}) {
  const epoch = sessionEpoch;
  const response = await fetch(path, {
    method: options.method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !options.signIn && epoch === sessionEpoch) unauthorized();
    throw apiErrorOf(response, body);
  }
  return body;
}

/**
 * What to tell the user about a failed request: a coded error in the page's language; otherwise a
 * 403 keeps the server's words (which roles are needed).
 */
export function errorText(error) {
  // Several problems (validation): each in the page's language, naming its field; the count when one has no translation.
  const problems = (error?.errors ?? []).map((problem) => translateCode(`error.${problem.code}`, problem.params));
  const listed = problems.length > 0 && !problems.includes(null) ? problems.join(t('reason.separator')) : null;
  const coded = listed ?? (error?.code ? translateCode(`error.${error.code}`, error.params) : null);
  if (coded) return error.status === 403 ? `${t('error.forbidden')} — ${coded}` : coded;
  if (error?.status === 403) return `${t('error.forbidden')} — ${error.message}`;
  if (error?.status === 401) return t('login.expired');
  if (error?.status === 429) return t('error.tooMany');
  if (!error?.status) return t('error.network');
  return `${error.status} ${error.message}`;
}

/** The admin role may do everything, as on the server. */
export function hasAnyRole(me, roles) {
  return !!me && (me.roles.includes('admin') || me.roles.some((role) => roles.includes(role)));
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

function roleNames(roles) {
  return roles.map((role) => t(`role.${role}`)).join(lang === 'zh-CN' ? '、' : ', ');
}

/** The page title, navigation, who is signed in (with the sign-out button) and the language switch. */
export function Header({ page, extra, me, signOut }) {
  return html`<header class="top">
    <h1>${t(page === 'desk' ? 'app.desk' : 'app.reports')}</h1>
    <nav data-testid="nav">
      ${(me?.pages ?? []).map((p) => html`<a href=${`/${p}`} data-testid=${`nav-${p}`} class=${page === p ? 'active' : ''}>${t(`nav.${p}`)}</a>`)}
    </nav>
    ${extra}
    ${me &&
    html`<span class="whoami" data-testid="whoami" title=${t('whoami')}><b>${me.username}</b> <small>${roleNames(me.roles)}</small></span>
      <button class="logout" data-testid="logout" onClick=${signOut}>${t('logout')}</button>`}
    <button class="lang" data-testid="lang" onClick=${switchLanguage}>${t('lang.switch')}</button>
  </header>`;
}
