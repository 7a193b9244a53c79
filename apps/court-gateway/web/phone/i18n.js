// The phone app's words: its own dictionaries first (web/phone/i18n), then the desk's shared ones
// (state, action, outcome and SLA names mean the same on both).
import { lang, t as shared } from '../app/common.js';
import zh from './i18n/zh-CN.js';
import en from './i18n/en.js';

const PHONE = { 'zh-CN': zh, en };

export function t(key) {
  return PHONE[lang]?.[key] ?? zh[key] ?? shared(key);
}

/** A dictionary text with its {placeholders} filled. */
export function fill(key, params) {
  return t(key).replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}
