// Live updates from `GET /api/v1/live` (Server-Sent Events). `EventSource` cannot send a bearer token, and
// the token must stay out of the address, so the stream is read with fetch and a ReadableStream, parsed
// into events here, and opened again after a pause whenever it ends or fails.

/**
 * Reads the stream at `path` until `signal` aborts: `onEvent(name, data)` for each event, `onState(state)`
 * with `open`, `waiting` (reconnecting) or `closed` (the session is over). `token()` resolves to an access
 * token (renewed as needed) or `null`.
 */
export async function liveEvents(path, { token, onEvent, onState = () => {}, signal }) {
  let pause = 1000;
  while (!signal.aborted) {
    let bearer;
    try {
      bearer = await token();
    } catch {
      bearer = undefined;
    }
    if (bearer === null) {
      onState('closed');
      return;
    }
    try {
      if (bearer === undefined) throw new Error('no token yet');
      const response = await fetch(path, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${bearer}` },
        cache: 'no-store', credentials: 'omit', signal,
      });
      if (response.status === 401 || response.status === 403) {
        // A stale token: the next round renews it; a refused one ends the stream.
        if (response.status === 403) {
          onState('closed');
          return;
        }
        throw new Error('stale token');
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('open');
      pause = 1000;
      await read(response.body, onEvent);
    } catch {
      if (signal.aborted) return;
    }
    onState('waiting');
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, pause);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    pause = Math.min(pause * 2, 30000);
  }
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll('\r\n', '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}
