package com.scamscan.gateway.relay;

import com.scamscan.progress.CloseCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link ClientLink} that records what the relay does to it; the test decides what each send answers and whether there is room. */
final class FakeLink implements ClientLink {

    final List<String> frames = new ArrayList<>();
    final List<CloseCode> closes = new ArrayList<>();
    int pings;
    boolean aborted;
    boolean open = true;
    boolean room = true;
    Sent answer = Sent.QUEUED;
    /** The replay waiting for room, if any (run it with {@link #makeRoom}). */
    Runnable waiting;

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Sent send(byte[] utf8) {
        if (answer == Sent.QUEUED) {
            frames.add(new String(utf8, StandardCharsets.UTF_8));
        }
        return answer;
    }

    @Override
    public boolean hasRoomFor(int bytes) {
        return room;
    }

    @Override
    public void whenRoom(Runnable action) {
        if (waiting != null) {
            throw new AssertionError("one waiting action per link");
        }
        waiting = action;
    }

    /** The client read what was queued: the waiting replay goes on. */
    void makeRoom() {
        room = true;
        Runnable action = waiting;
        waiting = null;
        action.run();
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(CloseCode code) {
        closes.add(code);
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** The relayed events' seqs and the gateway's own frames' steps, in the order sent. */
    List<String> sent() {
        List<String> seen = new ArrayList<>();
        for (String frame : frames) {
            java.util.regex.Matcher seq = java.util.regex.Pattern.compile("\"seq\":(\\d+)").matcher(frame);
            java.util.regex.Matcher step = java.util.regex.Pattern.compile("\"step\":\"([a-z_]+)\"").matcher(frame);
            seen.add(seq.find() ? seq.group(1) : step.find() ? step.group(1) : frame);
        }
        return seen;
    }
}
