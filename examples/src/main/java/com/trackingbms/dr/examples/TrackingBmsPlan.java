package com.trackingbms.dr.examples;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.ReplicationMode.SYNCHRONOUS;
import static com.trackingbms.dr.backup.Retention.daily;
import static com.trackingbms.dr.backup.Retention.monthly;
import static com.trackingbms.dr.backup.Retention.weekly;
import static com.trackingbms.dr.backup.Retention.yearly;
import static com.trackingbms.dr.failover.FailoverStep.failoverCache;
import static com.trackingbms.dr.failover.FailoverStep.fenceOldPrimary;
import static com.trackingbms.dr.failover.FailoverStep.guardRpo;
import static com.trackingbms.dr.failover.FailoverStep.promoteDatabase;
import static com.trackingbms.dr.failover.FailoverStep.reroute;
import static com.trackingbms.dr.failover.FailoverStep.validate;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * The TrackingBMS disaster-recovery plan, as its shell runbook describes it: Montreal serves production, Toronto
 * takes over automatically with no data loss, Vancouver is activated by an operator, Frankfurt holds weekly copies.
 * The plan is a function of the infrastructure, so the same definition is unit-tested with fakes, drilled against
 * local servers and run in production with real providers.
 */
public final class TrackingBmsPlan {

    /** Time zone of the runbook's cron jobs (the operations team works on Eastern time). */
    public static final String ZONE = "America/Toronto";

    private TrackingBmsPlan() {
    }

    /**
     * The components of one running site.
     *
     * @param database its PostgreSQL node
     * @param cache its Redis node
     * @param probes its health checks (the runbook curls /health and /api/health)
     */
    public record SiteComponents(DatabaseNode database, CacheNode cache, List<HealthProbe> probes) {
        /** Checks the parts are present. */
        public SiteComponents {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(cache, "cache");
            probes = List.copyOf(probes);
        }
    }

    /**
     * Everything the plan drives.
     *
     * @param montreal the primary site's components
     * @param toronto the hot standby's components
     * @param vancouver the warm standby's components
     * @param routers DNS and load-balancer routers (Route53, ELB in production)
     * @param backupStore where backups go (S3 in production)
     * @param backupKeys the backup encryption keys
     * @param alerts where alerts go (Slack in production)
     */
    public record Infrastructure(SiteComponents montreal, SiteComponents toronto, SiteComponents vancouver,
                                 List<TrafficRouter> routers, ObjectStore backupStore, KeyProvider backupKeys,
                                 List<AlertSink> alerts) {
        /** Copies the lists. */
        public Infrastructure {
            routers = List.copyOf(routers);
            alerts = List.copyOf(alerts);
        }
    }

    /** Builds the plan for the given infrastructure; throws {@code PlanValidationException} if it cannot work. */
    public static DisasterRecoveryPlan define(Infrastructure infra) {
        return DisasterRecoveryPlan.named("trackingbms")
                .objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().provider("aws").region("us-east-1").capacity(100)
                        .database(infra.montreal().database()).cache(infra.montreal().cache())
                        .probe(infra.montreal().probes().toArray(HealthProbe[]::new))
                        .traffic("montreal-alb.trackingbms.com"))
                .site("toronto", s -> s.hotStandby().provider("aws").region("ca-central-1").capacity(100)
                        .automaticActivation().streaming(SYNCHRONOUS)
                        .database(infra.toronto().database()).cache(infra.toronto().cache())
                        .probe(infra.toronto().probes().toArray(HealthProbe[]::new))
                        .traffic("toronto-alb.trackingbms.com"))
                .site("vancouver", s -> s.warmStandby().provider("azure").region("canadacentral").capacity(75)
                        .manualActivation().syncEvery(ofHours(24))
                        .database(infra.vancouver().database()).cache(infra.vancouver().cache())
                        .probe(infra.vancouver().probes().toArray(HealthProbe[]::new))
                        .traffic("vancouver-agw.trackingbms.com"))
                .site("frankfurt", s -> s.coldBackup().provider("aws").region("eu-central-1").capacity(100)
                        .manualActivation().syncEvery(ofDays(7)))
                .failover(chain -> chain.from("montreal").to("toronto").thenTo("vancouver")
                        .detectAfter(3).consecutiveFailures().probingEvery(ofSeconds(30)).probeTimeout(ofSeconds(10))
                        .cooldown(ofMinutes(30))
                        .steps(fenceOldPrimary(), guardRpo(), promoteDatabase(), failoverCache(),
                                reroute(infra.routers().toArray(TrafficRouter[]::new)), validate()))
                .backups(b -> b.zone(ZONE)
                        .full().cron("0 2 * * *")
                        .incremental().every(ofHours(4))
                        .restoreTest().cron("0 1 * * 0")
                        .cleanup().cron("0 23 * * *")
                        .retention(daily(30), weekly(12), monthly(12), yearly(7))
                        .compress(Compression.zstd(3))
                        .encrypt(Encryption.aes256Gcm(infra.backupKeys()))
                        .storeIn(infra.backupStore()))
                .validation(v -> v.threshold(95.0).checkTimeout(ofSeconds(30))
                        .category("database", Check.of("new primary accepts writes", ctx -> {
                            DatabaseNode db = ctx.site().database().orElseThrow();
                            return db.acceptsWrites() ? Outcome.pass(db.name() + " accepts writes")
                                    : Outcome.fail(db.name() + " refuses writes");
                        }))
                        .category("infrastructure", Check.of("site health probes answer", ctx -> {
                            long healthy = 0;
                            for (HealthProbe p : ctx.site().probes()) {
                                healthy += p.probe(ctx.timeout()).healthy() ? 1 : 0;
                            }
                            String detail = healthy + " of " + ctx.site().probes().size() + " probes healthy";
                            return healthy == ctx.site().probes().size() ? Outcome.pass(detail) : Outcome.fail(detail);
                        })))
                .alerts(infra.alerts().toArray(AlertSink[]::new))
                .build();
    }
}
