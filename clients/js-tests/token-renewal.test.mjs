// The JS client keeps its stream token alive: it renews it through GET /tasks/{id}/stream-token before it expires
// and uses the new token for later reconnects and status reads. Timers are node:test's mock timers and the clock is
// the client's `now` option, so no test waits. Run: node --test clients/js-tests/
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { client, FakeSocket, settle } from './support.mjs';

const MINUTE = 60 * 1000;
const START = Date.UTC(2026, 10, 28, 12, 0, 0);
const token = (expiresAtMs, signature = 'sig') => `v1.${expiresAtMs / 1000}.${signature}`;


/** A fetch that answers the renewal with the queued responses, in order; records every request. */
function fakeFetch(responses) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('unreachable');
    return { ok: next.status === 200, status: next.status, json: async () => next.body };
  };
  return { fetch, calls };
}

function start(first, fetch, clock, extra = {}) {
  FakeSocket.opened = [];
  return new client.ProgressStream(`ws://gateway/ws/agent-progress/t1?token=${first}`, {
    WebSocket: FakeSocket,
    statusUrl: `http://api.example/tasks/t1?token=${first}`,
    fallback: false,
    fetch,
    now: () => clock.now,
    renewBeforeMs: 10 * MINUTE,
    random: () => 0.5,
    ...extra,
  });
}

test('reads the expiry of a v1 token and nothing else', () => {
  assert.equal(client.tokenExpiry('v1.1764331200.abc'), 1764331200000);
  assert.equal(client.tokenExpiry('v2.1764331200.abc'), null);
  assert.equal(client.tokenExpiry(undefined), null);
  assert.equal(client.streamTokenUrl('http://api.example/prod/tasks/t1?token=x'), 'http://api.example/prod/tasks/t1/stream-token');
});

test('renews ahead of the expiry and reconnects with the new token', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const clock = { now: START };
  const first = token(START + 30 * MINUTE, 'one');
  const second = token(START + 24 * 60 * MINUTE, 'two');
  const { fetch, calls } = fakeFetch([{ status: 200, body: { token: second, expires_at: 'later' } }]);
  const renewed = [];
  const stream = start(first, fetch, clock, { onToken: (body) => renewed.push(body.token) });
  try {
    clock.now += 19 * MINUTE;
    mock.timers.tick(19 * MINUTE);
    await settle();
    assert.equal(calls.length, 0, 'not before renewBeforeMs ahead of the expiry');
    clock.now += MINUTE;
    mock.timers.tick(MINUTE);
    await settle();
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, 'http://api.example/tasks/t1/stream-token');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer ' + first);
    assert.deepEqual(renewed, [second]);

    // (without heartbeats the client has reconnected meanwhile; each time with the token it had)
    const opened = FakeSocket.opened.length;
    FakeSocket.opened.at(-1).onclose({ code: 1001, reason: 'going away' });
    mock.timers.tick(15000);
    assert.equal(FakeSocket.opened.length, opened + 1);
    assert.equal(new URL(FakeSocket.opened.at(-1).url).searchParams.get('token'), second, 'the reconnect uses the new token');
  } finally {
    stream.close();
    mock.timers.reset();
  }
});

test('a failed renewal is tried again before the expiry; a 401 ends the attempts', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const clock = { now: START };
  const first = token(START + 4 * MINUTE);
  const { fetch, calls } = fakeFetch([{ status: 503 }, { status: 401 }]);
  const stream = start(first, fetch, clock);
  try {
    // four minutes left: renewed at half of it
    clock.now += 2 * MINUTE;
    mock.timers.tick(2 * MINUTE);
    await settle();
    assert.equal(calls.length, 1);
    clock.now += MINUTE;
    mock.timers.tick(MINUTE);
    await settle();
    assert.equal(calls.length, 2, 'tried again after the 503');
    clock.now += 10 * MINUTE;
    mock.timers.tick(10 * MINUTE);
    await settle();
    assert.equal(calls.length, 2, 'a 401 says the token cannot be renewed: no more attempts');
    assert.notEqual(stream.state, 'stopped', 'the live stream is not cut by the token');
  } finally {
    stream.close();
    mock.timers.reset();
  }
});

test('without a status URL there is nothing to renew through', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const clock = { now: START };
  const { fetch, calls } = fakeFetch([]);
  FakeSocket.opened = [];
  const stream = new client.ProgressStream(`ws://gateway/ws/agent-progress/t1?token=${token(START + MINUTE)}`, {
    WebSocket: FakeSocket, fetch, now: () => clock.now });
  try {
    clock.now += 5 * MINUTE;
    mock.timers.tick(5 * MINUTE);
    await settle();
    assert.equal(calls.length, 0);
  } finally {
    stream.close();
    mock.timers.reset();
  }
});
