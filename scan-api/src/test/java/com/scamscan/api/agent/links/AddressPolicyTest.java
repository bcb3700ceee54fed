package com.scamscan.api.agent.links;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void onlyPublicAddressesAreAllowed() throws UnknownHostException {
        for (String address : new String[]{"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "0.0.0.0", "0.1.2.3", "100.64.0.1", "224.0.0.1", "239.255.255.250", "255.255.255.255",
                "240.0.0.1", "198.18.0.1", "192.0.0.8", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:a00:1::1", "::127.0.0.1",
                "2001:db8::1"}) {
            assertFalse(AddressPolicy.PUBLIC_ONLY.allows(InetAddress.getByName(address)), address);
        }
        for (String address : new String[]{"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1",
                "2606:4700:4700::1111", "2a00:1450:4009:81f::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
            assertTrue(AddressPolicy.PUBLIC_ONLY.allows(InetAddress.getByName(address)), address);
        }
    }
}
