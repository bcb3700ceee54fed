package com.scamscan.api.agent;

/** Counted nouns for the one-line results people read: "1 domain", "2 domains", "3 e-mail addresses". */
public final class Counts {

    private Counts() {
    }

    public static String of(long n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + noun + (noun.endsWith("s") ? "es" : "s");
    }
}
