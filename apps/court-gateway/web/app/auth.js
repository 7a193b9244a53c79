// Signing in, for the desk and the reports: who is signed in is asked first (GET /auth/me);
// without a session the sign-in form stands in for the page, and any later 401 brings it back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, Header, html, onUnauthorized, render, sessionChanged, t } from './common.js';

/** The sign-in answer's `user` and /auth/me's answer, in one shape. */
function person(body) {
  return { id: body.id, username: body.username ?? body.name, roles: body.roles ?? [], teamId: body.teamId ?? null, officerId: body.officerId ?? null, pages: body.pages ?? [] };
}

function SignInForm({ page, expired, onSignedIn, Top }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await api('/api/v1/auth/login', { method: 'POST', body: { username: username.trim(), password }, signIn: true });
      onSignedIn(person(body.user));
    } catch (e) {
      setPassword('');
      setError(e.status === 401 ? t('login.failed') : errorText(e));
      setBusy(false);
    }
  };

  return html`<${Top} page=${page} />
    <main class="login">
      <form class="login-form" data-testid="login-form" onSubmit=${submit}>
        <h2>${t('login.title')}</h2>
        ${expired && !error && html`<p class="warn" data-testid="login-expired">${t('login.expired')}</p>`}
        <label>${t('login.username')}
          <input data-testid="login-username" name="username" autocomplete="username" required autofocus value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>${t('login.password')}
          <input data-testid="login-password" name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" data-testid="login-submit" disabled=${busy}>${t('login.submit')}</button>
        ${error && html`<p class="error" data-testid="login-error" role="alert">${error}</p>`}
      </form>
    </main>`;
}

/**
 * Renders `Page` (given `me` and `signOut`) for a signed-in person, the sign-in form otherwise.
 * The page is keyed by the person, so signing in as someone else starts it afresh. `Top` is the
 * header shown above the sign-in form (the phone app has its own).
 */
export function startPage(page, Page, Top = Header) {
  function App() {
    // undefined: still asking; null: signed out; otherwise the person.
    const [me, setMe] = useState(undefined);
    const [expired, setExpired] = useState(false);
    const [problem, setProblem] = useState(null);
    const meRef = useRef(undefined);
    const become = (value) => {
      if ((value?.id ?? null) !== (meRef.current?.id ?? null)) sessionChanged();
      meRef.current = value;
      setMe(value);
    };

    const whoAmI = () => {
      setProblem(null);
      api('/api/v1/auth/me', { signIn: true })
        .then((body) => become(person(body)))
        .catch((e) => (e.status === 401 ? become(null) : setProblem(e)));
    };

    useEffect(() => {
      onUnauthorized(() => {
        // A request of a signed-in page was refused: the session expired or the account was disabled.
        if (meRef.current) setExpired(true);
        become(null);
      });
      whoAmI();
    }, []);

    const signOut = async () => {
      try {
        await api('/api/v1/auth/logout', { method: 'POST', signIn: true });
      } catch (e) {
        // Still signed in (the cookie is only cleared by the server): say so rather than pretend.
        window.alert(errorText(e));
        return;
      }
      setExpired(false);
      become(null);
    };

    if (me === null) {
      return html`<${SignInForm}
        page=${page}
        Top=${Top}
        expired=${expired}
        onSignedIn=${() => {
          // Ask who signed in as every page load does: the answer also says which pages they may use.
          setExpired(false);
          whoAmI();
        }}
      />`;
    }
    if (me === undefined) {
      return html`<${Top} page=${page} />
        <main class="login">
          ${problem
            ? html`<p class="error" data-testid="auth-problem">${errorText(problem)} <button onClick=${whoAmI}>${t('retry')}</button></p>`
            : html`<p class="muted">${t('login.checking')}</p>`}
        </main>`;
    }
    return html`<${Page} key=${me.id} me=${me} signOut=${signOut} />`;
  }

  render(html`<${App} />`, document.getElementById('app'));
}
