package com.scamscan.api.agent;

/**
 * One piece of evidence a tool found.
 *
 * @param tool the tool that found it
 * @param weight how much it adds to the scam score (negative: it speaks for the message)
 * @param reason the sentence a person reads, citing the evidence
 */
public record Finding(String tool, int weight, String reason) {
}
