// Alerts as they change, for the desk and the phone alike: the caller takes one snapshot, then the
// server's SSE stream pushes the rest, and once the stream is open (first time and after every
// reconnect) the caller takes a snapshot again to close the gap.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './common.js';

/**
 * Calls `onView(view)` for every AlertView the stream pushes and `onReconnect()` once the stream
 * is open, the first time included (the caller reloads what it shows). Returns whether the stream
 * is live.
 */
export function useAlertStream(onView, onReconnect) {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onView, onReconnect });
  handlers.current = { onView, onReconnect };
  useEffect(() => {
    let stream = null;
    let retry = null;
    let stopped = false;
    const connect = () => {
      stream = new EventSource('/api/v1/alerts/stream');
      stream.onopen = () => {
        setLive(true);
        // Also the first time: the caller's first snapshot is taken while the stream connects, and
        // an alert raised between that query and the server listening for this stream would
        // otherwise stay off the officer's list until something else changed.
        handlers.current.onReconnect?.();
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
