package com.scamscan.api.queue;

import com.scamscan.api.scan.ScanInput;

/**
 * What a worker is to do with a scan delivered to it ({@link ScanQueue#claim}): each case carries what that needs.
 */
public sealed interface Claim permits Claim.Claimed, Claim.Ended, Claim.Expired, Claim.OutOfAttempts, Claim.Unusable {

    /** The scan's entry as delivered. */
    ScanQueue.Delivery delivery();

    /**
     * The scan is the worker's to analyse.
     *
     * @param reached the percent the task had reached (0 for a fresh task)
     * @param resumed whether a worker started it before (delivered again, or its record no longer queued): the person
     *                is told why it starts over
     */
    record Claimed(ScanQueue.Delivery delivery, ScanInput input, int reached, boolean resumed) implements Claim {
    }

    /**
     * The task ended already (its worker stopped between the last event and the acknowledgement) or expired: the entry
     * is only acknowledged.
     */
    record Ended(ScanQueue.Delivery delivery) implements Claim {
    }

    /** The upload expired before a worker took the scan: the task ends failed and the entry is acknowledged. */
    record Expired(ScanQueue.Delivery delivery, int reached) implements Claim {
    }

    /**
     * The scan was delivered more than {@code max-attempts} times: the task ends failed and the entry moves to the
     * dead letters.
     */
    record OutOfAttempts(ScanQueue.Delivery delivery, int reached) implements Claim {
    }

    /**
     * The entry names no valid task, or the task's record cannot be read: the entry moves to the dead letters with
     * this reason, rather than circle for ever.
     */
    record Unusable(ScanQueue.Delivery delivery, String reason) implements Claim {
    }
}
