package com.scamscan.api.agent.scamdb;

/**
 * The feed formats the importer reads. Lines starting with {@code #} and blank lines are skipped in all. In
 * configuration a format may be written in lower case with dashes ({@code url-csv}).
 */
public enum FeedFormat {
    /** One URL per line, as phishing feeds publish them (OpenPhish {@code feed.txt}). */
    URL_LIST(Kind.URLS, false),
    /**
     * CSV whose third column is the URL, as URLhaus publishes it ({@code csv_recent}, {@code csv_online}); every row has
     * the first row's number of columns, and the file ends with a line break.
     */
    URL_CSV(Kind.URLS, true),
    /**
     * PhishTank's CSV export: a header {@code phish_id,url,phish_detail_url,...}, then rows whose second column is the
     * URL; every row has the header's number of columns, and the file ends with a line break.
     */
    PHISHTANK_CSV(Kind.URLS, true),
    /** One host name per line, or hosts-file lines ({@code 0.0.0.0 bad.example}). */
    DOMAIN_LIST(Kind.DOMAINS, false),
    /** One phone number per line, in international form ({@code +1 900 555 0199}), stored in E.164. */
    PHONE_LIST(Kind.PHONES, false);

    /** What a format's entries are, and the Redis set kind that holds them. */
    public enum Kind {
        URLS("urls"), DOMAINS("domains"), PHONES("phones");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The kind's name in Redis key names ({@code urls}, {@code domains}, {@code phones}). */
        public String key() {
            return key;
        }
    }

    private final Kind kind;
    private final boolean csv;

    FeedFormat(Kind kind, boolean csv) {
        this.kind = kind;
        this.csv = csv;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether rows have a fixed column count and the file ends with a line break (a cut-short file is detectable). */
    boolean csv() {
        return csv;
    }
}
