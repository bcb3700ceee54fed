package com.scamscan.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many WebSocket clients on Netty: one event loop thread each handful of sockets, frames read as bytes without
 * building strings, so the generator costs less than what it measures. Pings are answered by Netty's protocol
 * handler, as a browser would.
 */
final class Clients {

    private static final byte[] SEQ = "{\"seq\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT = "{\"heartbeat\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTED = "\"step\":\"connected\"".getBytes(StandardCharsets.US_ASCII);
    /** The same with the space Python's json module puts after a colon (the story's FastAPI relay sends it so). */
    private static final byte[] CONNECTED_SPACED = "\"step\": \"connected\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT_AT = "t=".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup loop;
    private final List<Client> clients = new ArrayList<>();
    private final LongAdder delivered = new LongAdder();
    private final Map<Integer, AtomicLong> closes = new ConcurrentHashMap<>();
    private final long[] latencies = new long[4_000_000];
    private final AtomicLong samples = new AtomicLong();
    private CountDownLatch closed;
    private volatile boolean recording = true;

    Clients(int threads) {
        loop = Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    /** Opens a client per URI, at most {@code concurrency} handshakes at a time; each counts once it is greeted. */
    void open(List<URI> uris, int concurrency, Map<String, Object> report) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        closed = new CountDownLatch(uris.size());
        AtomicLong errors = new AtomicLong();
        CountDownLatch settled = new CountDownLatch(uris.size());
        long[] connectNanos = new long[uris.size()];
        for (int i = 0; i < uris.size(); i++) {
            permits.acquire();
            int index = i;
            Client client = new Client(System.nanoTime(), () -> {
                permits.release();
                settled.countDown();
            });
            clients.add(client);
            client.connect(loop, uris.get(i)).addListener(f -> {
                if (!f.isSuccess()) {
                    errors.incrementAndGet();
                    client.settle();
                }
            });
            client.onGreeted = () -> connectNanos[index] = client.greetedAt - client.startedAt;
            client.onRefused = errors::incrementAndGet;
        }
        settled.await(5, TimeUnit.MINUTES);
        long[] sorted = Arrays.stream(connectNanos).filter(n -> n > 0).sorted().toArray();
        report.put("connect_errors", errors.get());
        if (sorted.length > 0) {
            report.put("connect_ms_p50", ms(percentile(sorted, 50)));
            report.put("connect_ms_p99", ms(percentile(sorted, 99)));
            report.put("connect_ms_max", ms(sorted[sorted.length - 1]));
        }
    }

    long open() {
        return clients.stream().filter(c -> c.greetedAt > 0 && !c.isClosed).count();
    }

    long delivered() {
        return delivered.sum();
    }

    Map<Integer, Long> closes() {
        Map<Integer, Long> counts = new TreeMap<>();
        closes.forEach((code, n) -> counts.put(code, n.get()));
        return counts;
    }

    void awaitClosed(Duration timeout) throws InterruptedException {
        closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void recordLatencies(boolean on) {
        recording = on;
    }

    void markHeartbeats() {
        clients.forEach(c -> c.heartbeatsAtMark = c.heartbeats.get());
    }

    long heartbeatReached() {
        return clients.stream().filter(c -> c.heartbeats.get() > c.heartbeatsAtMark).count();
    }

    void latencies(Map<String, Object> report) {
        int n = (int) Math.min(samples.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        if (n > 0) {
            report.put("latency_ms_p50", ms(percentile(sorted, 50)));
            report.put("latency_ms_p90", ms(percentile(sorted, 90)));
            report.put("latency_ms_p99", ms(percentile(sorted, 99)));
            report.put("latency_ms_max", ms(sorted[n - 1]));
        }
    }

    void closeAll() {
        for (Client client : clients) {
            if (client.channel != null) {
                client.channel.close();
            }
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return ReportFormat.round(nanos / 1e6);
    }

    private static boolean startsWith(ByteBuf buf, byte[] prefix) {
        if (buf.readableBytes() < prefix.length) {
            return false;
        }
        int at = buf.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuf buf, byte[] needle) {
        int end = buf.writerIndex() - needle.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The send time the generator put in the event's message ({@code t=NANOS}), or -1. */
    private static long sentAt(ByteBuf buf) {
        int at = indexOf(buf, SENT_AT);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + SENT_AT.length; i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private final class Client extends SimpleChannelInboundHandler<WebSocketFrame> {
        final long startedAt;
        final Runnable onSettled;
        final AtomicLong heartbeats = new AtomicLong();
        volatile long heartbeatsAtMark;
        volatile long greetedAt;
        volatile boolean isClosed;
        volatile Channel channel;
        Runnable onGreeted = () -> { };
        Runnable onRefused = () -> { };
        private boolean settledOnce;

        Client(long startedAt, Runnable onSettled) {
            this.startedAt = startedAt;
            this.onSettled = onSettled;
        }

        io.netty.channel.ChannelFuture connect(EventLoopGroup group, URI uri) {
            WebSocketClientProtocolHandler protocol = new WebSocketClientProtocolHandler(
                    WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false,
                            new DefaultHttpHeaders(), 1 << 20), false);
            return new Bootstrap().group(group).channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            channel = ch;
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), protocol, Client.this);
                        }
                    })
                    .connect(uri.getHost(), uri.getPort());
        }

        synchronized void settle() {
            if (!settledOnce) {
                settledOnce = true;
                onSettled.run();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            long now = System.nanoTime();
            if (frame instanceof TextWebSocketFrame) {
                ByteBuf content = frame.content();
                if (startsWith(content, SEQ)) {
                    long sent = sentAt(content);
                    if (sent > 0) {
                        delivered.increment();
                        if (recording) {
                            long i = samples.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[(int) i] = now - sent;
                            }
                        }
                    }
                } else if (startsWith(content, HEARTBEAT)) {
                    heartbeats.incrementAndGet();
                } else if (greetedAt == 0 && (indexOf(content, CONNECTED) >= 0 || indexOf(content, CONNECTED_SPACED) >= 0)) {
                    greetedAt = now;
                    onGreeted.run();
                    settle();
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                if (greetedAt == 0) {
                    onRefused.run();
                    settle();
                }
                finish(close.statusCode());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(-1);
            settle();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void finish(int code) {
            if (!isClosed) {
                isClosed = true;
                closes.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                closed.countDown();
            }
        }
    }
}
