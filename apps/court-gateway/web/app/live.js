// Alerts as they change, for the desk and the phone alike: the caller takes one snapshot, then the
// server's SSE stream pushes the rest, and after a reconnect the caller takes a snapshot again to
// close the gap.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './common.js';

/**
 * Calls `onView(view)` for every AlertView the stream pushes and `onReconnect()` after the
 * stream came back (the caller reloads what it shows). Returns whether the stream is live.
 */
export function useAlertStream(onView, onReconnect) {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onView, onReconnect });
  handlers.current = { onView, onReconnect };
  useEffect(() => {
    let stream = null;
    let retry = null;
    let stopped = false;
    let opened = false;
    const connect = () => {
      stream = new EventSource('/api/v1/alerts/stream');
      stream.onopen = () => {
        setLive(true);
        if (opened) handlers.current.onReconnect?.();
        opened = true;
      };
      stream.onerror = () => {
        setLive(false);
        if (stream.readyState !== EventSource.CLOSED || stopped) return;
        // The browser reconnects by itself unless it gave up (an HTTP error, such as 401 once the
        // session has ended): asking who we are returns to the sign-in form on 401; otherwise try
        // again shortly.
        api('/api/v1/auth/me')
          .then(() => true)
          .catch((error) => error.status !== 401)
          .then((again) => {
            if (again && !stopped) retry = setTimeout(connect, 5_000);
          });
      };
      stream.addEventListener('alert', (event) => handlers.current.onView(JSON.parse(event.data)));
    };
    connect();
    return () => {
      stopped = true;
      stream?.close();
      clearTimeout(retry);
    };
  }, []);
  return live;
}
