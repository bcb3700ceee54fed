package com.scamscan.api.agent.tools;

import java.net.URI;

/** Addresses of the outside APIs the tools call, from a configured base URL with or without trailing slashes. */
final class Endpoints {

    private Endpoints() {
    }

    /** {@code base} without trailing slashes, then {@code path} (which starts with a slash). */
    static URI of(String base, String path) {
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(base.substring(0, end) + path);
    }
}
