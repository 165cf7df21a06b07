package com.trackingbms.dr.validation;

import com.trackingbms.dr.Site;
import com.trackingbms.dr.validation.internal.ConcurrentValidationRunner;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * Runs a {@link RecoveryValidator}: every check off the caller's thread, each abandoned after the validator's check
 * timeout (counted as failed), a check that throws failing with the exception's message. The checks run
 * concurrently, so a run takes about as long as its slowest check.
 */
public interface ValidationRunner {

    /** A runner that starts checks on {@code executor} and stamps results with {@code clock}. */
    static ValidationRunner create(ExecutorService executor, Clock clock) {
        return new ConcurrentValidationRunner(executor, clock);
    }

    /** Runs every check of {@code validator} against {@code site}. Returns when all checks ended or timed out. */
    ValidationReport run(RecoveryValidator validator, Site site) throws InterruptedException;
}
