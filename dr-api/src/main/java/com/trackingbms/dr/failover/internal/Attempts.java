package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.failover.FailoverController;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call off the caller's thread with a timeout per attempt and retries with exponential backoff
 * (Resilience4j's {@link IntervalFunction}). The wait goes through an injected sleeper, so tests move a simulated
 * clock instead of sleeping (Resilience4j's own {@code Retry} sleeps on the thread and cannot be driven that way).
 * An {@link Error} from the call is rethrown as is: it means the process is going down, and the journal must show
 * the step as started but not done.
 */
final class Attempts {

    private final ExecutorService executor;
    private final FailoverController.Sleeper sleeper;
    private final IntervalFunction backoff;
    private final Duration heartbeatEvery;
    private final Runnable heartbeat;

    /**
     * @param heartbeatEvery while waiting for a call, {@code heartbeat} runs this often (real time), so a step that
     *     runs longer than the lease TTL keeps the lease
     */
    Attempts(ExecutorService executor, FailoverController.Sleeper sleeper, Duration initialBackoff,
             Duration heartbeatEvery, Runnable heartbeat) {
        this.executor = executor;
        this.sleeper = sleeper;
        this.backoff = IntervalFunction.ofExponentialBackoff(initialBackoff, 2.0, Duration.ofSeconds(5));
        this.heartbeatEvery = heartbeatEvery;
        this.heartbeat = heartbeat;
    }

    <T> T call(String what, Duration timeout, int attempts, Callable<T> body)
            throws StepFailedException, InterruptedException {
        return call(what, timeout, attempts, body, e -> false);
    }

    /** As {@link #call(String, Duration, int, Callable)}, but stops retrying after a failure that {@code final_} accepts. */
    <T> T call(String what, Duration timeout, int attempts, Callable<T> body, java.util.function.Predicate<Throwable> final_)
            throws StepFailedException, InterruptedException {
        Throwable last = null;
        int attempt = 1;
        for (; attempt <= attempts; attempt++) {
            Future<T> future = executor.submit(body);
            try {
                return await(future, timeout);
            } catch (TimeoutException e) {
                future.cancel(true);
                last = new TimeoutException(what + " timed out after " + Durations.format(timeout));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                last = e.getCause();
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            }
            if (final_.test(last)) {
                break;
            }
            if (attempt < attempts) {
                sleeper.sleep(Duration.ofMillis(backoff.apply(attempt)));
            }
        }
        int made = Math.min(attempt, attempts);
        throw new StepFailedException(what + " failed after " + made + (made == 1 ? " attempt: " : " attempts: ")
                + describe(last), last);
    }

    /** Waits up to {@code timeout} for {@code future}, running the heartbeat between slices of the wait. */
    private <T> T await(Future<T> future, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutException();
            }
            long slice = heartbeat == null ? remaining : Math.min(remaining, heartbeatEvery.toNanos());
            try {
                return future.get(slice, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (heartbeat != null && deadline - System.nanoTime() > 0) {
                    heartbeat.run();
                }
            }
        }
    }

    /** The same runner without a heartbeat, for the lease calls themselves. */
    Attempts withoutHeartbeat() {
        return new Attempts(executor, sleeper, backoff, null, null);
    }

    private Attempts(ExecutorService executor, FailoverController.Sleeper sleeper, IntervalFunction backoff,
                     Duration heartbeatEvery, Runnable heartbeat) {
        this.executor = executor;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.heartbeatEvery = heartbeatEvery;
        this.heartbeat = heartbeat;
    }

    static String describe(Throwable e) {
        if (e == null) {
            return "no cause";
        }
        String msg = e.getMessage();
        if (e instanceof TimeoutException && msg != null) {
            return msg;
        }
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
