package com.trackingbms.dr.testkit.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes.
 *
 * <p>Used instead of fixed sleeps: a fast machine returns as soon as the condition holds, a slow one waits up to the
 * bound and then fails with a message that says what was awaited and what was last seen.
 */
public final class BoundedWait {

    private BoundedWait() {
    }

    /**
     * Waits until {@code condition} is true, polling every {@code pollEvery}.
     *
     * @param what        what is awaited, for the timeout message
     * @param lastSeen    describes the last observed state, for the timeout message
     * @param timeout how long to wait at most
     * @param pollEvery the pause between polls
     * @param condition polled until it is true
     * @throws TimeoutException when the deadline passes first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static void until(String what, Duration timeout, Duration pollEvery, BooleanSupplier condition,
                             Supplier<String> lastSeen) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last seen: " + lastSeen.get());
            }
            Thread.sleep(Math.max(1, pollEvery.toMillis()));
        }
    }
}
