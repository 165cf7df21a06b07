package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.ProbeResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A probe whose answers a test decides: healthy, unhealthy, throwing, or a scripted sequence. When a script runs
 * out, the probe keeps the last state set with {@link #healthy()}, {@link #down(String)} or {@link #throwing(String)}.
 */
public final class FakeHealthProbe implements HealthProbe {

    private final String name;
    private final Deque<Boolean> script = new ArrayDeque<>();
    private boolean healthy = true;
    private String failure = "unhealthy";
    private boolean throwing;
    private int calls;
    private java.util.concurrent.CountDownLatch hang;

    /** A healthy probe. */
    public FakeHealthProbe(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProbeResult probe(Duration timeout) throws Exception {
        java.util.concurrent.CountDownLatch latch;
        synchronized (this) {
            latch = hang;
        }
        if (latch != null) {
            // Outside the monitor, so a hung call does not block the test from healing the probe.
            latch.await();
        }
        return answer();
    }

    private synchronized ProbeResult answer() throws Exception {
        calls++;
        if (!script.isEmpty()) {
            boolean ok = script.poll();
            return ok ? ProbeResult.healthy("scripted healthy", Duration.ZERO) : ProbeResult.unhealthy("scripted failure", Duration.ZERO);
        }
        if (throwing) {
            throw new java.io.IOException(failure);
        }
        return healthy ? ProbeResult.healthy("ok", Duration.ZERO) : ProbeResult.unhealthy(failure, Duration.ZERO);
    }

    /** Answers healthy from now on (and releases hung calls). */
    public synchronized FakeHealthProbe healthy() {
        release();
        healthy = true;
        throwing = false;
        return this;
    }

    /**
     * Hangs every call until {@link #healthy()}, {@link #down(String)} or {@link #throwing(String)} is called (or the
     * calling thread is interrupted): a probe that never answers, which the engine must abandon at its timeout.
     */
    public synchronized FakeHealthProbe hanging() {
        if (hang == null) {
            hang = new java.util.concurrent.CountDownLatch(1);
        }
        return this;
    }

    private void release() {
        if (hang != null) {
            hang.countDown();
            hang = null;
        }
    }

    /** Answers unhealthy with {@code detail} from now on. */
    public synchronized FakeHealthProbe down(String detail) {
        release();
        healthy = false;
        throwing = false;
        failure = detail;
        return this;
    }

    /** Throws an IOException with {@code detail} from now on. */
    public synchronized FakeHealthProbe throwing(String detail) {
        release();
        throwing = true;
        failure = detail;
        return this;
    }

    /** Answers the given outcomes first (true = healthy), then the standing state. */
    public synchronized FakeHealthProbe script(boolean... outcomes) {
        for (boolean b : outcomes) {
            script.add(b);
        }
        return this;
    }

    /** How many times the probe ran. */
    public synchronized int calls() {
        return calls;
    }

    @Override
    public String toString() {
        return "FakeHealthProbe[" + name + "]";
    }
}
