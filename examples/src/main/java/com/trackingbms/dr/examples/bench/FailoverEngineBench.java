package com.trackingbms.dr.examples.bench;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.failover.FailoverController;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.fake.FakeCacheNode;
import com.trackingbms.dr.testkit.fake.FakeDatabaseNode;
import com.trackingbms.dr.testkit.fake.FakeHealthProbe;
import com.trackingbms.dr.testkit.fake.FakeTrafficRouter;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much time the failover engine itself adds, on in-memory components with the real clock and scheduler: probes
 * every 250 ms, down after 3 failed rounds (the PostgreSQL target's policy), one probe hanging rather than failing.
 * Measures, from the moment the primary "dies": the first failed round, the declared outage, and the validated new
 * primary; the engine's own share is from the declaration to the validated primary (fence, guard, promote, cache,
 * reroute, validate, journal writes). Run with {@code examples/bench/run failover-engine [runs]}.
 */
public final class FailoverEngineBench {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private FailoverEngineBench() {
    }

    /** Runs the benchmark; the optional argument is the number of failovers (default 20). */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Long> detect = new ArrayList<>();
        List<Long> engine = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < runs; i++) {
                long[] r = once(scheduler);
                detect.add(r[0]);
                engine.add(r[1]);
                total.add(r[2]);
                System.out.printf(Locale.ROOT, "run %2d: kill -> declared %4d ms, declared -> validated %3d ms, kill -> validated %4d ms%n",
                        i + 1, r[0], r[1], r[2]);
            }
        } finally {
            scheduler.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "BENCH name=failover-engine runs=%d interval_ms=%d rounds=3 detect_p50_ms=%d engine_p50_ms=%d engine_max_ms=%d total_p50_ms=%d total_max_ms=%d%n",
                runs, INTERVAL.toMillis(), median(detect), median(engine), Collections.max(engine), median(total), Collections.max(total));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One failover: returns {kill->declared, declared->validated, kill->validated} in ms. */
    private static long[] once(ScheduledExecutorService scheduler) throws Exception {
        FakeDatabaseNode montrealDb = FakeDatabaseNode.primary("montreal-pg");
        FakeDatabaseNode torontoDb = FakeDatabaseNode.standby("toronto-pg", 0);
        FakeHealthProbe api = new FakeHealthProbe("montreal-api");
        FakeHealthProbe jdbc = new FakeHealthProbe("montreal-jdbc");
        FakeHealthProbe redis = new FakeHealthProbe("montreal-redis");
        FakeTrafficRouter dns = new FakeTrafficRouter("dns", TrafficTarget.of("lb.montreal"));
        DisasterRecoveryPlan plan = DisasterRecoveryPlan.named("bench")
                .objectives(rto(Duration.ofMinutes(15)), rpo(Duration.ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().database(montrealDb).cache(FakeCacheNode.master("montreal-redis"))
                        .probe(api, jdbc, redis).traffic("lb.montreal"))
                .site("toronto", s -> s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS).database(torontoDb)
                        .cache(FakeCacheNode.replica("toronto-redis")).probe(new FakeHealthProbe("toronto-api")).traffic("lb.toronto"))
                .failover(chain -> chain.from("montreal").to("toronto").detectAfter(3).consecutiveFailures().probingEvery(INTERVAL)
                        .steps(FailoverStep.fenceOldPrimary(), FailoverStep.guardRpo(), FailoverStep.promoteDatabase(),
                                FailoverStep.failoverCache(), FailoverStep.reroute(dns), FailoverStep.validate()))
                .validation(v -> v.category("app", Check.of("writes", ctx -> Outcome.pass("ok"))))
                .build();
        AtomicLong declared = new AtomicLong();
        AtomicLong validated = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        try (FailoverController controller = FailoverController.builder(plan).instanceId("bench").onEvent(e -> {
            if (e.type() == RecoveryEvent.Type.SITE_DOWN) {
                declared.set(System.nanoTime());
            } else if (e.type() == RecoveryEvent.Type.STEP_COMPLETED && e.step().equals("validate")) {
                validated.set(System.nanoTime());
                done.countDown();
            }
        }).build()) {
            montrealDb.write(1000);
            torontoDb.receiveUpTo(1000);
            FailoverController.Running running = controller.start(scheduler);
            try {
                // Let a few healthy rounds sample positions, at a random phase against the round schedule.
                Thread.sleep(600 + (long) (Math.random() * INTERVAL.toMillis()));
                long kill = System.nanoTime();
                api.hanging();
                jdbc.throwing("connection refused");
                redis.down("PING timeout");
                if (!done.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no failover within 30 s");
                }
                api.healthy();
                return new long[] {ms(declared.get() - kill), ms(validated.get() - declared.get()), ms(validated.get() - kill)};
            } finally {
                running.close();
            }
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
