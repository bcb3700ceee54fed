// A minimal progress relay that the load generator measures the gateway against (benchmarks/load/peers/README.md):
// what a team would write by hand with ws and ioredis. One shared Redis subscriber; a task's channel is subscribed
// by its first client and unsubscribed by its last; each event is parsed once and written to every client of the
// task unchanged. No token, origin, budget, rate limit, history or resume: the protocol subset the load generator
// uses, nothing more.
//
//   PORT=8080 REDIS_URL=redis://127.0.0.1:6379 HEARTBEAT_SECONDS=15 node relay.mjs
import http from 'node:http';
import Redis from 'ioredis';
import { WebSocketServer, WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 8080);
const heartbeatSeconds = Number(process.env.HEARTBEAT_SECONDS ?? 15);
const PATH = /^\/ws\/agent-progress\/([A-Za-z0-9_-]+)$/;

const subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const channels = new Map(); // channel name -> { sockets: Set<WebSocket>, ready: Promise }

function join(channel, socket) {
  let entry = channels.get(channel);
  if (!entry) {
    entry = { sockets: new Set(), ready: subscriber.subscribe(channel) };
    channels.set(channel, entry);
  }
  entry.sockets.add(socket);
  // greeted once the subscription is in place, so that nothing published after the greeting is missed
  entry.ready.then(() => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({
        step: 'connected', message: 'Connected to agent progress stream', percent: 0, timestamp: new Date().toISOString(),
      }));
    }
  }, () => socket.close(1011));
  socket.on('close', () => {
    entry.sockets.delete(socket);
    if (entry.sockets.size === 0 && channels.get(channel) === entry) {
      channels.delete(channel);
      subscriber.unsubscribe(channel).catch(() => {});
    }
  });
}

subscriber.on('messageBuffer', (channelBuffer, message) => {
  const entry = channels.get(channelBuffer.toString());
  if (!entry) {
    return;
  }
  let last = false;
  try {
    const step = JSON.parse(message).step;
    last = step === 'completed' || step === 'failed';
  } catch {
    return; // not an event
  }
  for (const socket of entry.sockets) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(message, { binary: false });
      if (last) {
        socket.close(1000);
      }
    }
  }
});

const server = http.createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404).end();
});
const sockets = new WebSocketServer({ noServer: true });
server.on('upgrade', (request, socket, head) => {
  const match = PATH.exec(new URL(request.url, 'http://relay').pathname);
  if (!match) {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    return;
  }
  sockets.handleUpgrade(request, socket, head, (ws) => join(`agent_progress:${match[1]}`, ws));
});

// one timer for all clients: a heartbeat frame and a ping each interval, as the gateway sends
setInterval(() => {
  const frame = JSON.stringify({ heartbeat: true, timestamp: new Date().toISOString() });
  for (const socket of sockets.clients) {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(frame);
      socket.ping();
    }
  }
}, heartbeatSeconds * 1000);

server.listen(port, '127.0.0.1');
