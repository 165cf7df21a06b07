package com.trackingbms.dr.examples.bench;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.failover.FailoverStep.fenceOldPrimary;
import static com.trackingbms.dr.failover.FailoverStep.guardRpo;
import static com.trackingbms.dr.failover.FailoverStep.promoteDatabase;
import static com.trackingbms.dr.failover.FailoverStep.reroute;
import static com.trackingbms.dr.failover.FailoverStep.validate;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.postgres.PostgresChecks;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.drill.PostgresWriteLoad;
import com.trackingbms.dr.testkit.drill.SwitchableEndpoint;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Failover of a real PostgreSQL primary with one synchronous standby on loopback, under a write load that goes
 * through a switchable endpoint (the plan's router): kill -9 of the primary, then the controller, probing every
 * 250 ms and declaring the site down after 3 failed rounds, fences, promotes, reroutes and validates on its own.
 * Measures, per run, the time from the kill to the first write acknowledged by the new primary (the RTO a client
 * sees), the time to detection, and the acknowledged writes missing on the new primary. A fresh cluster per run.
 */
public final class PgFailoverBench {

    private static final String TABLE = "bench_writes";

    private PgFailoverBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optionally the number of runs (default 5)
     */
    public static void main(String[] args) throws Exception {
        // The controller's events and audit lines would drown the figures; the timelines are printed below.
        System.setProperty("org.slf4j.simpleLogger.log.com.trackingbms.dr", "off");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> rtos = new ArrayList<>();
        List<Long> detections = new ArrayList<>();
        long lost = 0;
        for (int i = 1; i <= runs; i++) {
            try (PostgresTopology pg = PostgresTopology.builder().standby("standby1", ReplicationMode.SYNCHRONOUS).start();
                 SwitchableEndpoint endpoint = SwitchableEndpoint.to(pg.primary().host(), pg.primary().port())) {
                DrillReport r = DrillRunner.builder(plan(pg, endpoint))
                        .load(PostgresWriteLoad.through(endpoint.host(), endpoint.port()).database(pg.primary().database())
                                .user(pg.user()).password(pg.password()).table(TABLE).build())
                        .fault(Fault.kill9(pg.primary())).faultAfter(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(60))
                        .build().run();
                if (r.faultToFirstWrite().isEmpty() || r.faultToDetection().isEmpty() || r.readBackError().isPresent()) {
                    throw new IllegalStateException("run " + i + " did not recover: " + r);
                }
                long rto = r.faultToFirstWrite().get().toMillis();
                long detection = r.faultToDetection().get().toMillis();
                rtos.add(rto);
                detections.add(detection);
                lost += r.lostAcknowledgedWrites();
                System.out.printf("run %d: kill -9 to first write on the new primary %d ms, to detection %d ms, to validated %d ms;"
                                + " %d writes acknowledged (%d before the kill), %d acknowledged writes missing%n",
                        i, rto, detection, r.faultToValidated().map(Duration::toMillis).orElse(-1L), r.acknowledged().size(),
                        r.acknowledgedBeforeFault(), r.lostAcknowledgedWrites());
                System.out.println(r.failover().orElseThrow().timeline().render());
            }
        }
        System.out.printf("BENCH name=pg-failover runs=%d rto_median_ms=%d rto_max_ms=%d detection_median_ms=%d lost_acked_writes=%d%n",
                runs, median(rtos), Collections.max(rtos), median(detections), lost);
    }

    private static DisasterRecoveryPlan plan(PostgresTopology pg, SwitchableEndpoint endpoint) {
        PostgresServer p = pg.primary();
        PostgresServer s = pg.standbys().get(0);
        PostgresNode montreal = node(p);
        PostgresNode toronto = node(s);
        String torontoAddress = s.host() + ":" + s.port();
        PostgresChecks db = PostgresChecks.on(() -> endpoint.current().orElseThrow().address().equals(torontoAddress) ? toronto : montreal);
        return DisasterRecoveryPlan.named("pg-failover-bench")
                .objectives(rto(Duration.ofMinutes(1)), rpo(Duration.ofSeconds(5)), availability(99.99))
                .site("montreal", site -> site.primary().database(montreal).probe(montreal.probe()).traffic(p.host() + ":" + p.port()))
                .site("toronto", site -> site.hotStandby().streaming(ReplicationMode.SYNCHRONOUS).database(toronto)
                        .probe(toronto.probe()).traffic(torontoAddress))
                .failover(chain -> chain.from("montreal").to("toronto")
                        .detectAfter(3).consecutiveFailures().probingEvery(Duration.ofMillis(250)).probeTimeout(Duration.ofMillis(200))
                        .steps(fenceOldPrimary(), guardRpo(), promoteDatabase(), reroute(endpoint), validate()))
                .validation(v -> v.threshold(100.0).category("database", db.connectivity(), db.tablesExist(TABLE),
                        Check.of("accepts writes", ctx -> toronto.acceptsWrites()
                                ? Outcome.pass("toronto accepts writes") : Outcome.fail("toronto refuses writes"))))
                .build();
    }

    private static PostgresNode node(PostgresServer server) {
        return PostgresNode.builder(server.name()).host(server.host()).port(server.port()).database(server.database())
                .user(server.user()).password(server.password())
                .connectTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(5)).build();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
