// What the JS client's tests share: the client loaded from its source, a WebSocket of our own, and a way to let the
// client's awaited promises run. Not a test file itself (node --test runs *.test.mjs only).
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** A file of the repository, as text. */
export const readRepoFile = (path) => readFileSync(new URL(path, root), 'utf8');

// the client is an ES module in a folder without package.json: imported from its text
export const client = await import('data:text/javascript;base64,'
  + Buffer.from(readRepoFile('scan-api/src/main/resources/public/scamscan-client.js')).toString('base64'));

/**
 * A WebSocket the test drives: records every socket the client opened (reset `FakeSocket.opened` before each
 * stream), the code the client closed it with, and plays the gateway's frames and the network's failures.
 */
export class FakeSocket {
  static opened = [];

  constructor(url) {
    this.url = url;
    this.closedWith = null;
    FakeSocket.opened.push(this);
  }

  close(code) {
    this.closedWith = code ?? 1000;
  }

  /** The gateway sends a frame. */
  frame(object) {
    this.onmessage({ data: JSON.stringify(object) });
  }

  /** The connection failed as it does when a proxy strips Upgrade: 1006, no frame ever. */
  fail() {
    this.onclose({ code: 1006, reason: '' });
  }
}

/** Lets the client's awaited fetch, json and timers' callbacks settle. */
export const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
