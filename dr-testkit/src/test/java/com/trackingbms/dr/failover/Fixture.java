package com.trackingbms.dr.failover;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.failover.FailoverStep.failoverCache;
import static com.trackingbms.dr.failover.FailoverStep.fenceOldPrimary;
import static com.trackingbms.dr.failover.FailoverStep.guardRpo;
import static com.trackingbms.dr.failover.FailoverStep.promoteDatabase;
import static com.trackingbms.dr.failover.FailoverStep.reroute;
import static com.trackingbms.dr.failover.FailoverStep.validate;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.fake.FakeCacheNode;
import com.trackingbms.dr.testkit.fake.FakeDatabaseNode;
import com.trackingbms.dr.testkit.fake.FakeHealthProbe;
import com.trackingbms.dr.testkit.fake.FakeTrafficRouter;
import com.trackingbms.dr.testkit.fake.RecordingAlertSink;
import com.trackingbms.dr.testkit.fake.SimulatedClock;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The runbook's topology on fakes: montreal (primary, three probes), toronto (hot, synchronous, automatic) and
 * vancouver (warm, asynchronous, manual); DNS and a load balancer; a validator whose verdict per site the test sets.
 * Time only moves when the test (or a hook it installs) moves the simulated clock.
 */
final class Fixture implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(30);

    final SimulatedClock clock = SimulatedClock.create();
    final FakeDatabaseNode montrealDb = FakeDatabaseNode.primary("montreal-pg");
    final FakeDatabaseNode torontoDb = FakeDatabaseNode.standby("toronto-pg", 0);
    final FakeDatabaseNode vancouverDb = FakeDatabaseNode.standby("vancouver-pg", 0);
    final FakeCacheNode montrealCache = FakeCacheNode.master("montreal-redis");
    final FakeCacheNode torontoCache = FakeCacheNode.replica("toronto-redis");
    final FakeCacheNode vancouverCache = FakeCacheNode.replica("vancouver-redis");
    final FakeHealthProbe montrealApi = new FakeHealthProbe("montreal-api");
    final FakeHealthProbe montrealDbProbe = new FakeHealthProbe("montreal-jdbc");
    final FakeHealthProbe montrealCacheProbe = new FakeHealthProbe("montreal-redis-ping");
    final FakeHealthProbe torontoProbe = new FakeHealthProbe("toronto-api");
    final FakeHealthProbe vancouverProbe = new FakeHealthProbe("vancouver-api");
    final FakeTrafficRouter dns = new FakeTrafficRouter("route53 api.trackingbms.com", TrafficTarget.of("lb.montreal"));
    final FakeTrafficRouter lb = new FakeTrafficRouter("elb prod", TrafficTarget.of("lb.montreal"));
    final RecordingAlertSink alerts = new RecordingAlertSink("ops");
    final Map<String, Boolean> validFor = new ConcurrentHashMap<>(Map.of("montreal", true, "toronto", true, "vancouver", true));
    final List<RecoveryEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Lease lease = Lease.inProcess("trackingbms", clock);
    final List<FailoverController> controllers = new ArrayList<>();

    Duration interval = INTERVAL;
    Duration cooldown = Duration.ofMinutes(30);
    /** Makes vancouver a second hot standby (automatic, synchronous) instead of a manual warm one. */
    boolean vancouverHot;

    /** The plan, with optional changes to the chain. */
    DisasterRecoveryPlan plan(Consumer<FailoverChain.Spec> chainChanges) {
        return DisasterRecoveryPlan.named("trackingbms")
                .objectives(rto(Duration.ofMinutes(15)), rpo(Duration.ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().database(montrealDb).cache(montrealCache)
                        .probe(montrealApi, montrealDbProbe, montrealCacheProbe).traffic("lb.montreal"))
                .site("toronto", s -> s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS).database(torontoDb)
                        .cache(torontoCache).probe(torontoProbe).traffic("lb.toronto"))
                .site("vancouver", s -> (vancouverHot ? s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS)
                        : s.warmStandby().manualActivation().streaming(ReplicationMode.ASYNCHRONOUS))
                        .capacity(75).database(vancouverDb).cache(vancouverCache).probe(vancouverProbe).traffic("lb.vancouver"))
                .failover(chain -> {
                    FailoverChain.Spec spec = chain.from("montreal").to("toronto").thenTo("vancouver")
                            .detectAfter(3).consecutiveFailures().probingEvery(interval).cooldown(cooldown)
                            .steps(fenceOldPrimary(), guardRpo(), promoteDatabase(), failoverCache(), reroute(dns, lb), validate());
                    chainChanges.accept(spec);
                    return spec;
                })
                .validation(v -> v.threshold(95.0).category("application",
                        Check.of("api answers", ctx -> validFor.getOrDefault(ctx.site().name(), false)
                                ? Outcome.pass("HTTP 200 from " + ctx.site().name()) : Outcome.fail("HTTP 503 from " + ctx.site().name()))))
                .alerts(alerts)
                .build();
    }

    DisasterRecoveryPlan plan() {
        return plan(c -> { });
    }

    FailoverController.Builder builder(DisasterRecoveryPlan plan, String instance) {
        return FailoverController.builder(plan).clock(clock).lease(lease).instanceId(instance).executor(executor)
                .alertExecutor(Runnable::run).sleeper(clock::advance).onEvent(events::add);
    }

    FailoverController controller(String instance) {
        return controller(builder(plan(), instance));
    }

    FailoverController controller(FailoverController.Builder builder) {
        FailoverController c = builder.build();
        controllers.add(c);
        return c;
    }

    /** Takes montreal's application down: all three probes fail. */
    void montrealDown() {
        montrealApi.down("HTTP 503");
        montrealDbProbe.throwing("connection refused");
        montrealCacheProbe.down("PING timeout");
    }

    /** Runs one round, then moves the clock to the next round. */
    RoundReport round(FailoverController c) throws InterruptedException {
        RoundReport r = c.runRound();
        clock.advance(interval);
        return r;
    }

    /** Runs rounds until one runs a failover; fails after {@code max} rounds. */
    FailoverResult roundsUntilFailover(FailoverController c, int max) throws InterruptedException {
        for (int i = 0; i < max; i++) {
            RoundReport r = round(c);
            if (r.failover().isPresent()) {
                return r.failover().get();
            }
        }
        throw new AssertionError("no failover after " + max + " rounds");
    }

    @Override
    public void close() {
        controllers.forEach(FailoverController::close);
        executor.shutdownNow();
    }
}
