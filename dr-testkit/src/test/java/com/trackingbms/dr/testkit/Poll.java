package com.trackingbms.dr.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for something a server reaches asynchronously (replication, a restart); asserts no timing. */
public final class Poll {

    private Poll() {
    }

    /** Polls until the condition holds (exceptions count as "not yet"), failing after a generous timeout. */
    public static void until(String what, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting until " + what + (last == null ? "" : " (last error: " + last + ")"),
                last);
    }
}
