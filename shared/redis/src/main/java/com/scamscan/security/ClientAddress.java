package com.scamscan.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is asking, for the rate limits: the peer's address, unless the peer is one of the configured proxies, in
 * which case the right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy. A forwarded
 * header from anyone else is ignored, so a client cannot pick its own address.
 *
 * <p>A request may carry {@code X-Forwarded-For} on several lines (a proxy such as HAProxy with
 * {@code option forwardfor} adds its own line after the client's): the lines are one list, joined in order
 * (RFC 9110 §5.3), and only its right end, written by the proxies, is believed. Reading the first line alone
 * would let the client choose its address.
 */
@Singleton
public final class ClientAddress {

    /**
     * The proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR ranges, e.g. {@code 10.0.0.0/8}.
     *
     * @param trustedProxies empty (the default): the peer address is the client
     */
    @ConfigurationProperties("scamscan.security")
    public record Settings(@Bindable(defaultValue = "") List<String> trustedProxies) {
    }

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Range> trusted = new ArrayList<>();

    public ClientAddress(Settings settings) {
        for (String entry : settings.trustedProxies()) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            byte[] network = literal(slash < 0 ? text : text.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("scamscan.security.trusted-proxies: not an IP address or CIDR range: " + entry));
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("scamscan.security.trusted-proxies: bad prefix length in " + entry);
            }
            trusted.add(new Range(network, prefix));
        }
    }

    /**
     * The client's address.
     *
     * @param peer the address the connection comes from
     * @param forwardedFor every {@code X-Forwarded-For} line of the request, in the order received (empty when none)
     */
    public String resolve(String peer, List<String> forwardedFor) {
        return resolve(peer, joined(forwardedFor));
    }

    /**
     * All lines of a repeated header as the one comma-separated value they stand for (RFC 9110 §5.3), or null
     * when there are none.
     */
    public static String joined(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        return String.join(",", lines);
    }

    /**
     * The client's address.
     *
     * @param peer the address the connection comes from
     * @param forwardedFor the whole {@code X-Forwarded-For} value (all its lines {@link #joined joined}), or null
     */
    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            Optional<byte[]> address = literal(hop);
            if (address.isEmpty()) {
                return peer; // garbage in the header: trust nothing in it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** The peer's address as text: its IP literal, or the host string when it was never resolved. */
    public static String peer(java.net.InetSocketAddress remote) {
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && trusted.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    /** The bytes of an IPv4 or IPv6 literal; empty for anything else (never a DNS lookup). */
    static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !text.chars().allMatch(c ->
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':')) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress()); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
