// The JS client gets through proxies that do not pass WebSockets: after WebSocket connections that close before
// their greeting, it follows the same stream over Server-Sent Events (EventSource), with the same frames, close
// codes (the "close" event) and resume by last_seq. Fake WebSocket and EventSource, node:test's mock timers.
// Run: node --test clients/js-tests/
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { client, FakeSocket, settle } from './support.mjs';


class FakeEventSource {
  static opened = [];

  constructor(url) {
    this.url = url;
    this.closed = false;
    this.listeners = {};
    FakeEventSource.opened.push(this);
  }

  addEventListener(name, listener) {
    this.listeners[name] = listener;
  }

  close() {
    this.closed = true;
  }

  message(object) {
    this.onmessage({ data: JSON.stringify(object) });
  }

  closeEvent(code, reason) {
    this.listeners.close({ data: JSON.stringify({ code, reason }) });
  }
}

function follow(extra = {}) {
  FakeSocket.opened = [];
  FakeEventSource.opened = [];
  const seen = { events: [], states: [] };
  const stream = new client.ProgressStream('ws://gateway/ws/agent-progress/t1?token=T', {
    WebSocket: FakeSocket,
    EventSource: FakeEventSource,
    sseUrl: 'http://gateway/sse/agent-progress/t1?token=T',
    fallback: false,
    renew: false,
    random: () => 0.5,
    onEvent: (event) => seen.events.push(event.seq ?? event.step),
    onState: (state, detail) => seen.states.push([state, detail]),
    ...extra,
  });
  return { stream, seen };
}

const event = (seq, step = 'scam_db') => ({ seq, step, message: 'm', percent: 10 * seq });

test('the sse_url follows from a ws_url', () => {
  assert.equal(client.sseUrlFor('wss://g.example/ws/agent-progress/t1?token=T&last_seq=3'),
    'https://g.example/sse/agent-progress/t1?token=T');
  assert.equal(client.sseUrlFor('ws://localhost:8081/ws/agent-progress/t1?token=T'),
    'http://localhost:8081/sse/agent-progress/t1?token=T');
  assert.equal(client.sseUrlFor('wss://abc.execute-api.eu-west-1.amazonaws.com/prod?task_id=t1&token=T'), null);
  assert.equal(client.sseUrlFor('not a url'), null);
});

test('after two WebSockets that never got a greeting, the stream is followed over SSE and resumes there', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream, seen } = follow();
    FakeSocket.opened[0].fail();
    mock.timers.tick(60000);
    assert.equal(FakeSocket.opened.length, 2, 'a second WebSocket first');
    FakeSocket.opened[1].fail();
    mock.timers.tick(60000);
    assert.equal(FakeEventSource.opened.length, 1, 'then SSE');
    assert.equal(FakeSocket.opened.length, 2);
    const first = FakeEventSource.opened[0];
    assert.equal(first.url, 'http://gateway/sse/agent-progress/t1?token=T');
    first.message({ step: 'connected', resumed: true });
    first.message(event(1));
    first.message(event(2));
    first.closeEvent(1001, 'Gateway going away');
    assert.ok(first.closed, 'the EventSource is closed: the client resumes itself, with last_seq');
    mock.timers.tick(60000);
    const second = FakeEventSource.opened[1];
    assert.match(second.url, /last_seq=2/);
    second.message({ step: 'connected', resumed: true });
    second.message(event(3, 'completed'));
    assert.deepEqual(seen.events, [1, 2, 3]);
    assert.equal(stream.state, 'done');
    assert.ok(second.closed, 'done: the EventSource is closed, or the browser would reconnect it every few seconds');
    assert.ok(seen.states.some(([state, detail]) => state === 'connecting' && detail.transport === 'sse'));
  } finally {
    mock.timers.reset();
  }
});

test('heartbeat events keep a quiet event stream alive; silence is a lost stream', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream } = follow({ sseAfterFailures: 1, heartbeatTimeoutMs: 45000 });
    FakeSocket.opened[0].fail();
    mock.timers.tick(60000);
    const sse = FakeEventSource.opened[0];
    sse.message({ step: 'connected', resumed: true });
    for (let i = 0; i < 4; i++) {
      mock.timers.tick(15000);
      sse.listeners.heartbeat({ data: '{"heartbeat":true}' });
    }
    assert.equal(stream.state, 'open', 'heartbeats every 15 s: still live after a minute');
    mock.timers.tick(45000); // a half-open connection: nothing at all
    assert.ok(sse.closed);
    assert.equal(stream.state, 'reconnecting');
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('a stop code in the close event stops for good', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream } = follow({ sseAfterFailures: 1 });
    FakeSocket.opened[0].fail();
    mock.timers.tick(60000);
    const sse = FakeEventSource.opened[0];
    sse.message({ step: 'failed', message: 'Invalid stream token', error: true });
    sse.closeEvent(4401, 'Missing, invalid or expired stream token');
    assert.equal(stream.state, 'stopped');
    mock.timers.tick(60000);
    assert.equal(FakeEventSource.opened.length, 1);
  } finally {
    mock.timers.reset();
  }
});

test('a lost event stream is retried like a lost socket', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream } = follow({ sseAfterFailures: 1 });
    FakeSocket.opened[0].fail();
    mock.timers.tick(60000);
    const sse = FakeEventSource.opened[0];
    sse.message({ step: 'connected', resumed: true });
    sse.message(event(1));
    sse.onerror();
    assert.ok(sse.closed);
    assert.equal(stream.state, 'reconnecting');
    mock.timers.tick(60000);
    assert.match(FakeEventSource.opened[1].url, /last_seq=1/);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('a WebSocket that worked once is not given up for SSE', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream } = follow({ sseAfterFailures: 1 });
    const socket = FakeSocket.opened[0];
    socket.frame({ step: 'connected', resumed: true });
    socket.frame(event(1));
    socket.fail(); // the network dropped: not a proxy
    mock.timers.tick(60000);
    FakeSocket.opened[1].fail();
    mock.timers.tick(60000);
    assert.equal(FakeEventSource.opened.length, 0);
    assert.equal(FakeSocket.opened.length, 3);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('without an sse_url or an EventSource, there is no SSE fallback', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream } = follow({ sseUrl: null, sseAfterFailures: 1 });
    FakeSocket.opened[0].fail();
    mock.timers.tick(60000);
    assert.equal(FakeEventSource.opened.length, 0);
    assert.equal(FakeSocket.opened.length, 2);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});
