// The phone's title bar, shared by every phone page (and shown above the sign-in form).
import { html, switchLanguage } from '../app/common.js';
import { t } from './i18n.js';

/** The phone's title bar: back to the list, who is signed in, language, sign out. */
export function PhoneTop({ me, signOut, back }) {
  return html`<header class="phone-top">
    ${back ? html`<a class="back" href="#/" data-testid="back" aria-label=${t('phone.back')}>‹</a>` : null}
    <h1>${t('phone.title')}</h1>
    ${me && html`<span class="whoami" data-testid="whoami">${me.username}</span>`}
    <button class="lang" data-testid="lang" onClick=${switchLanguage}>${t('lang.switch')}</button>
    ${me && html`<button class="logout" data-testid="logout" onClick=${signOut}>${t('logout')}</button>`}
  </header>`;
}
