package com.scamscan.api.agent.links;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which addresses the link expander may connect to. */
@FunctionalInterface
public interface AddressPolicy {

    /** Whether a connection to this address is allowed. */
    boolean allows(InetAddress address);

    /**
     * Only addresses on the public internet: never private (10/8, 172.16/12, 192.168/16, 100.64/10), loopback,
     * link-local (169.254/16 with cloud metadata, fe80::/10), multicast, unique-local (fc00::/7), any-local
     * (0.0.0.0, ::) or otherwise reserved ranges, including IPv4 addresses wrapped in IPv6 (::ffff:127.0.0.1,
     * 64:ff9b::/96, 2002::/16).
     */
    AddressPolicy PUBLIC_ONLY = PublicAddresses::isPublic;

    /** The rules of {@link #PUBLIC_ONLY}. */
    final class PublicAddresses {

        private PublicAddresses() {
        }

        static boolean isPublic(InetAddress address) {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress()) {
                return false;
            }
            byte[] b = address.getAddress();
            if (address instanceof Inet4Address) {
                return isPublicV4(b);
            }
            if (address instanceof Inet6Address) {
                int first = b[0] & 0xff;
                if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                    return false;
                }
                if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 old site-local
                    return false;
                }
                if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:a.b.c.d
                    return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16));
                }
                if (isZero(b, 0, 12)) { // ::a.b.c.d (deprecated IPv4-compatible), :: and ::1 included
                    return false;
                }
                if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) { // 64:ff9b::/96 NAT64
                    return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16));
                }
                if (first == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4
                    return isPublicV4(java.util.Arrays.copyOfRange(b, 2, 6));
                }
                if (first == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) { // 2001:db8::/32 documentation
                    return false;
                }
                return (first & 0xe0) == 0x20; // global unicast is 2000::/3
            }
            return false;
        }

        private static boolean isPublicV4(byte[] b) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            int a2 = b[2] & 0xff;
            InetAddress v4;
            try {
                v4 = InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                return false;
            }
            if (v4.isAnyLocalAddress() || v4.isLoopbackAddress() || v4.isLinkLocalAddress() || v4.isSiteLocalAddress()
                    || v4.isMulticastAddress()) {
                return false;
            }
            return !(a0 == 0                                  // 0/8 "this network"
                    || a0 == 100 && (a1 & 0xc0) == 64          // 100.64/10 carrier-grade NAT
                    || a0 == 192 && a1 == 0 && a2 == 0         // 192.0.0/24 protocol assignments
                    || a0 == 192 && a1 == 0 && a2 == 2         // documentation
                    || a0 == 198 && (a1 & 0xfe) == 18          // 198.18/15 benchmarking
                    || a0 == 198 && a1 == 51 && a2 == 100      // documentation
                    || a0 == 203 && a1 == 0 && a2 == 113       // documentation
                    || a0 >= 240);                             // 240/4 reserved and broadcast
        }

        private static boolean isZero(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
