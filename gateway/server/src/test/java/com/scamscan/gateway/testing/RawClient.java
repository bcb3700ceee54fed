package com.scamscan.gateway.testing;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client reduced to a TCP socket: it does the upgrade handshake and then nothing, neither
 * reading (unless asked) nor answering pings. It plays the client that vanished or stalls.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final String handshake;

    private RawClient(Socket socket, String handshake) {
        this.socket = socket;
        this.handshake = handshake;
    }

    /** The server's answer to the upgrade: status line and headers. */
    public String handshake() {
        return handshake;
    }

    public static RawClient connect(int port, String path) throws IOException {
        return connect(port, path, java.util.List.of());
    }

    /** The upgrade with these extra header lines ({@code "Name: value"}, sent as given, repeats included). */
    public static RawClient connect(int port, String path, java.util.List<String> headerLines) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", port), 5000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + headerLines.stream().map(line -> line + "\r\n").collect(java.util.stream.Collectors.joining())
                + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return new RawClient(socket, head.toString());
    }

    /** Reads until {@code count} bytes have arrived (frames undecoded). */
    public void awaitBytes(int count) throws IOException {
        socket.setSoTimeout(10_000);
        int got = 0;
        while (got < count) {
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed");
            }
            got++;
        }
    }

    /** Drains what the server sent and reports whether the server has closed the connection. */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // nothing yet; keep draining
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Sends one unfragmented, masked text frame of {@code length} bytes, as a browser would. */
    public void sendTextFrame(int length) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(length + 14);
        frame.write(0x81); // FIN, text
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(length >>> 8);
            frame.write(length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            frame.write('x' ^ mask[i & 3]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Reads server frames until a close frame and returns its status code (-1 if the connection ends first). */
    public int awaitCloseCode() throws IOException {
        socket.setSoTimeout(10_000);
        java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
        try {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                int length = in.readUnsignedByte() & 0x7F; // server frames are not masked
                long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                byte[] payload = in.readNBytes((int) size);
                if (opcode == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        } catch (java.io.EOFException e) {
            return -1;
        }
    }

    /** Sends one masked frame of this opcode and payload (FIN set unless {@code fin} is false), as a browser would. */
    public void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            frame.write(0x80 | length);
        } else {
            frame.write(0x80 | 126);
            frame.write(length >>> 8);
            frame.write(length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Sends a close frame with this status code and reason. */
    public void sendClose(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        sendFrame(0x8, payload, true);
    }

    /** A frame from the server: its opcode and payload. */
    public record Frame(int opcode, byte[] payload, boolean compressed) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code (1005 when it has none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** Reads the next server frame, or null when the server closed the connection first. */
    public Frame readFrame() throws IOException {
        socket.setSoTimeout(10_000);
        java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
        try {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7F; // server frames are not masked
            long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
            return new Frame(first & 0x0F, in.readNBytes((int) size), (first & 0x40) != 0); // RSV1: permessage-deflate
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        }
    }

    /** Reads server frames until one of this opcode arrives (null when the connection ends first). */
    public Frame awaitFrame(int opcode) throws IOException {
        Frame frame;
        while ((frame = readFrame()) != null) {
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

}
