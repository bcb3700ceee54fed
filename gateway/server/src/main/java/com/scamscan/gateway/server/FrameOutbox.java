package com.scamscan.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames bound for the WebSockets of one Netty event loop, written by that loop in batches: an event fanned out
 * to the clients of a task crosses to each event loop once (not once per client), and is encoded there once as a
 * complete WebSocket frame whose bytes every client on that loop shares (a retained duplicate each; nothing copied
 * per client).
 *
 * <p>Frames are sent from the relay's threads (Lettuce's pub/sub event loop for live events, the heartbeat timer, a
 * history read's completion). When the sender is itself an event loop (Lettuce's), the hand-over to the channel's loop
 * waits until the sender's current task is done, so that every frame it queued meanwhile, for every client of every
 * event it read in one go, crosses in one task. On the channel's own loop a frame is written at once, after any
 * queued before it. Per channel the order is the order of {@link #write}/{@link #then} calls, so a close queued after
 * a frame goes after it.
 *
 * <p>A channel whose pipeline transforms WebSocket frames (permessage-deflate, {@code scamscan.gateway.compression})
 * gets a {@link TextWebSocketFrame} per client instead of the pre-encoded bytes.
 */
final class FrameOutbox implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameOutbox.class);
    private static final ConcurrentMap<EventLoop, FrameOutbox> OUTBOXES = new ConcurrentHashMap<>();
    /** Frames encoded, for tests: with N clients of a task on one loop, one per event rather than N. */
    private static final LongAdder ENCODED = new LongAdder();
    private static final byte TEXT_FIN = (byte) 0x81;
    /**
     * Queued bytes past which the hand-over does not wait for the sender's task to end: a burst of large events read
     * in one go must not pile up here, where it would count against every client's {@code max-pending-bytes} while no
     * loop writes it.
     */
    static final int HAND_OVER_BYTES = 32 * 1024;

    /** Told when a frame was written to the socket, or failed with the channel. */
    interface Written {
        void written(int bytes);
    }

    private final EventLoop loop;
    private final Queue<Entry> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean urgent = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Runnable handOver;
    // confined to the loop
    private final List<Channel> written = new ArrayList<>();
    private boolean draining;
    /**
     * The last frame encoded and the bytes it was encoded from, kept from one drain to the next: a drain already
     * running on the loop takes the first entries of a fan-out the sender is still queueing, and the rest, drained
     * next, reuse the frame instead of encoding the event again. Released when replaced or when the loop ends.
     */
    private ByteBuf last;
    private byte[] lastFrom;

    private FrameOutbox(EventLoop loop) {
        this.loop = loop;
        this.handOver = this::handOver;
    }

    /** The outbox of this event loop (one per loop, forgotten when the loop terminates). */
    static FrameOutbox of(EventLoop loop) {
        FrameOutbox outbox = OUTBOXES.get(loop);
        if (outbox == null) {
            outbox = OUTBOXES.computeIfAbsent(loop, FrameOutbox::new);
            FrameOutbox created = outbox;
            loop.terminationFuture().addListener(done -> {
                OUTBOXES.remove(loop);
                created.forgetLast(); // the loop has ended: nothing drains any more
            });
        }
        return outbox;
    }

    static long encoded() {
        return ENCODED.sum();
    }

    /**
     * Queues a text frame of these UTF-8 bytes for the channel (the array may be shared and is not changed);
     * {@code done} is told once it was written or failed. {@code raw}: the channel takes pre-encoded frames.
     */
    void write(Channel channel, boolean raw, byte[] utf8, Written done) {
        add(new Entry(channel, raw, utf8, done, null));
    }

    /** Runs the action on the loop after every frame queued before it (a close after the error frame). */
    void then(Channel channel, Runnable action) {
        add(new Entry(channel, false, null, null, action));
    }

    private void add(Entry entry) {
        long queued = entry.utf8 == null ? 0 : queuedBytes.addAndGet(entry.utf8.length);
        queue.offer(entry);
        if (loop.inEventLoop()) {
            run(); // in order after what was queued before; a write from inside the drain is picked up by it
            return;
        }
        if (queued >= HAND_OVER_BYTES && !urgent.get() && urgent.compareAndSet(false, true)) {
            scheduled.set(true); // the deferred hand-over, if any, finds what is left
            handOver();
        } else if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            EventExecutor sender = ThreadExecutorMap.currentExecutor();
            try {
                if (sender != null && !sender.isShuttingDown()) {
                    sender.execute(handOver); // once the sender's current task (the whole fan-out) is done
                } else {
                    loop.execute(this);
                }
            } catch (RejectedExecutionException e) {
                handOver();
            }
        }
    }

    private void handOver() {
        try {
            loop.execute(this);
        } catch (RejectedExecutionException e) { // the server is stopping: nothing will be written
            scheduled.set(false);
            Entry entry;
            while ((entry = queue.poll()) != null) {
                if (entry.done != null) {
                    queuedBytes.addAndGet(-entry.utf8.length);
                    entry.done.written(entry.utf8.length);
                }
            }
        }
    }

    /** Writes what is queued, encoding each distinct frame once, then flushes each channel written to. */
    @Override
    public void run() {
        if (draining) {
            return;
        }
        draining = true;
        scheduled.set(false);
        urgent.set(false);
        try {
            Entry entry;
            while ((entry = queue.poll()) != null) {
                if (entry.utf8 != null) {
                    queuedBytes.addAndGet(-entry.utf8.length);
                }
                try {
                    if (entry.action != null) {
                        entry.action.run();
                        continue;
                    }
                    Channel channel = entry.channel;
                    Object frame;
                    if (entry.raw) {
                        if (entry.utf8 != lastFrom) {
                            forgetLast();
                            last = encode(channel.alloc(), entry.utf8);
                            lastFrom = entry.utf8;
                        }
                        frame = last.retainedDuplicate();
                    } else {
                        frame = new TextWebSocketFrame(Unpooled.wrappedBuffer(entry.utf8));
                    }
                    channel.write(frame, channel.newPromise().addListener(entry));
                    written.add(channel);
                } catch (RuntimeException e) {
                    LOG.debug("a queued write failed: {}", e.toString());
                }
            }
        } finally {
            for (int i = 0; i < written.size(); i++) {
                written.get(i).flush();
            }
            written.clear();
            draining = false;
        }
    }

    private void forgetLast() {
        if (last != null) {
            last.release();
            last = null;
            lastFrom = null;
        }
    }

    /** One unmasked, final text frame (RFC 6455 section 5.2: a server's frames are not masked), header and payload. */
    static ByteBuf encode(ByteBufAllocator alloc, byte[] utf8) {
        int length = utf8.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.directBuffer(header + length);
        frame.writeByte(TEXT_FIN);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(utf8);
        ENCODED.increment();
        return frame;
    }

    /** A frame or an action waiting for the loop; as the write's listener, tells the link it was written. */
    private static final class Entry implements ChannelFutureListener {
        final Channel channel;
        final boolean raw;
        final byte[] utf8;
        final Written done;
        final Runnable action;

        Entry(Channel channel, boolean raw, byte[] utf8, Written done, Runnable action) {
            this.channel = channel;
            this.raw = raw;
            this.utf8 = utf8;
            this.done = done;
            this.action = action;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            done.written(utf8.length);
        }
    }
}
