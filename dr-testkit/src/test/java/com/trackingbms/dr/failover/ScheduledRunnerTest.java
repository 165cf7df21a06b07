package com.trackingbms.dr.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production runner: rounds on a real scheduler and the system clock. Waits for the failover event with a
 * generous bound instead of sleeping; asserts what happened, never how fast.
 */
class ScheduledRunnerTest {

    private final Fixture f = new Fixture();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        f.close();
    }

    @Test
    void runsRoundsOnTheSchedulerUntilTheFailoverAndStopsWhenClosed() throws Exception {
        f.interval = Duration.ofMillis(200);
        CountDownLatch completed = new CountDownLatch(1);
        AtomicReference<RecoveryEvent> done = new AtomicReference<>();
        FailoverController c = f.controller(FailoverController.builder(f.plan()).clock(Clock.systemUTC()).lease(f.lease)
                .instanceId("prod").executor(f.executor).alertExecutor(Runnable::run).onEvent(e -> {
                    if (e.type() == RecoveryEvent.Type.FAILOVER_COMPLETED) {
                        done.set(e);
                        completed.countDown();
                    }
                }));
        f.montrealDown();
        FailoverController.Running running = c.start(scheduler);
        try {
            assertThat(completed.await(30, TimeUnit.SECONDS)).as("failover completed").isTrue();
        } finally {
            running.close();
        }
        assertThat(done.get().site()).isEqualTo("toronto");
        assertThat(c.activeSite()).isEqualTo("toronto");
        assertThat(f.torontoDb.calls()).filteredOn("promote"::equals).hasSize(1);
        int probesAfterClose = f.torontoProbe.calls();
        scheduler.shutdown();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.torontoProbe.calls()).as("no round after close").isLessThanOrEqualTo(probesAfterClose + 1);
    }
}
