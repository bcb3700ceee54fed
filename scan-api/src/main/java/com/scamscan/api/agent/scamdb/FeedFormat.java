package com.scamscan.api.agent.scamdb;

/** The feed formats the importer reads. Lines starting with {@code #} and blank lines are skipped in all. */
public enum FeedFormat {
    /** One URL per line, as phishing feeds publish them (OpenPhish, PhishTank's URL export). */
    URL_LIST,
    /** CSV whose third column is the URL, as malware-URL feeds publish them (URLhaus {@code csv_recent}). */
    URL_CSV,
    /** One host name per line, or hosts-file lines ({@code 0.0.0.0 bad.example}). */
    DOMAIN_LIST,
    /** One phone number per line, in international form ({@code +1 900 555 0199}). */
    PHONE_LIST
}
