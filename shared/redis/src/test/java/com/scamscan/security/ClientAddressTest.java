package com.scamscan.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(new ClientAddress.Settings(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8")));
    private final ClientAddress direct = new ClientAddress(new ClientAddress.Settings(List.of()));

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        assertEquals("203.0.113.9", direct.resolve("203.0.113.9", "1.2.3.4"));
    }

    @Test
    void aTrustedProxysHeaderNamesTheRightMostUntrustedHop() {
        assertEquals("198.51.100.7", behindProxies.resolve("10.1.2.3", "1.2.3.4, 198.51.100.7, 192.168.1.5"));
        assertEquals("2001:db8::1", behindProxies.resolve("fd00::1", "2001:db8::1"));
    }

    @Test
    void repeatedHeaderLinesAreOneListAndTheClientsOwnLineIsNotBelieved() {
        // the client sends its own line, the proxy appends the address it saw as a second line (HAProxy forwardfor)
        assertEquals("198.51.100.7", behindProxies.resolve("10.1.2.3", List.of("1.2.3.4", "198.51.100.7")));
        assertEquals("198.51.100.7", behindProxies.resolve("10.1.2.3", List.of("1.2.3.4, 5.6.7.8", "198.51.100.7, 10.0.0.9")));
        assertEquals("198.51.100.7", behindProxies.resolve("10.1.2.3", List.of("<script>", "198.51.100.7")));
        assertEquals("10.1.2.3", behindProxies.resolve("10.1.2.3", List.of()));
        assertEquals("203.0.113.9", direct.resolve("203.0.113.9", List.of("1.2.3.4", "5.6.7.8")));
        assertEquals("1.2.3.4,5.6.7.8", ClientAddress.joined(List.of("1.2.3.4", "5.6.7.8")));
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        assertEquals("203.0.113.9", behindProxies.resolve("203.0.113.9", "10.0.0.1"));
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertEquals("10.1.2.3", behindProxies.resolve("10.1.2.3", "evil.example.com"));
        assertEquals("10.1.2.3", behindProxies.resolve("10.1.2.3", "1.2.3.4, <script>"));
        assertEquals("10.1.2.3", behindProxies.resolve("10.1.2.3", "999.1.1.1"));
        assertEquals("10.1.2.3", behindProxies.resolve("10.1.2.3", "10.9.9.9")); // only proxies: the peer
    }

    @Test
    void aMisconfiguredProxyListStopsTheApplication() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(new ClientAddress.Settings(List.of("proxy.internal"))));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(new ClientAddress.Settings(List.of("10.0.0.0/33"))));
    }
}
