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
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.spi.CacheNode;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.TrafficRouter;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.postgres.PostgresChecks;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.HttpChecks;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * @param cache its Redis node, when the site has one (the drill runs without Redis until dr-redis lands)
     * @param probes its health checks (the runbook curls /health and /api/health)
     * @param trafficAddress where the routers point when the site is active
     */
    public record SiteComponents(DatabaseNode database, Optional<CacheNode> cache, List<HealthProbe> probes,
                                 String trafficAddress) {
        /** Checks the parts are present. */
        public SiteComponents {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(cache, "cache");
            probes = List.copyOf(probes);
            Objects.requireNonNull(trafficAddress, "trafficAddress");
        }
    }

    /**
     * How fast an outage is detected: the runbook probes every 30 s; drills use the aggressive policy so that a
     * drill ends in seconds.
     *
     * @param interval time between probe rounds
     * @param timeout how long one probe may take
     * @param failedRounds consecutive failed rounds that declare a site down
     */
    public record Detection(Duration interval, Duration timeout, int failedRounds) {
        /** The runbook's policy: every 30 s, 10 s timeout, 3 rounds. */
        public static final Detection RUNBOOK = new Detection(ofSeconds(30), ofSeconds(10), 3);
        /** The drill policy: every 250 ms, 200 ms timeout, 3 rounds. */
        public static final Detection DRILL = new Detection(Duration.ofMillis(250), Duration.ofMillis(200), 3);
    }

    /**
     * How the recovered service is validated from outside, as the runbook's Python suite did.
     *
     * @param publicUrl the application's public entry point (follows the reroute, like api.trackingbms.com)
     * @param user the validation account for the login flow
     * @param password its password
     */
    public record Application(URI publicUrl, String user, Secret password) {
        /** Checks the parts are present. */
        public Application {
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
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
     * @param application the public entry point and validation account
     * @param detection the detection policy
     * @param httpChecks the HTTP client setup the validation checks use
     */
    public record Infrastructure(SiteComponents montreal, SiteComponents toronto, SiteComponents vancouver,
                                 List<TrafficRouter> routers, ObjectStore backupStore, KeyProvider backupKeys,
                                 List<AlertSink> alerts, Application application, Detection detection,
                                 HttpChecks httpChecks) {
        /** Copies the lists and checks the parts are present. */
        public Infrastructure {
            routers = List.copyOf(routers);
            alerts = List.copyOf(alerts);
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(detection, "detection");
            Objects.requireNonNull(httpChecks, "httpChecks");
        }
    }

    /** Tables every TrackingBMS database has. */
    public static final List<String> TABLES = List.of("clients", "batteries", "battery_metrics", "users", "locations");

    /** Builds the plan for the given infrastructure; throws {@code PlanValidationException} if it cannot work. */
    public static DisasterRecoveryPlan define(Infrastructure infra) {
        return DisasterRecoveryPlan.named("trackingbms")
                .objectives(rto(ofMinutes(15)), rpo(ofMinutes(5)), availability(99.99))
                .site("montreal", s -> s.primary().provider("aws").region("us-east-1").capacity(100)
                        .database(infra.montreal().database()).cache(infra.montreal().cache().orElse(null))
                        .probe(infra.montreal().probes().toArray(HealthProbe[]::new))
                        .traffic(infra.montreal().trafficAddress()))
                .site("toronto", s -> s.hotStandby().provider("aws").region("ca-central-1").capacity(100)
                        .automaticActivation().streaming(SYNCHRONOUS)
                        .database(infra.toronto().database()).cache(infra.toronto().cache().orElse(null))
                        .probe(infra.toronto().probes().toArray(HealthProbe[]::new))
                        .traffic(infra.toronto().trafficAddress()))
                .site("vancouver", s -> s.warmStandby().provider("azure").region("canadacentral").capacity(75)
                        .manualActivation().syncEvery(ofHours(24))
                        .database(infra.vancouver().database()).cache(infra.vancouver().cache().orElse(null))
                        .probe(infra.vancouver().probes().toArray(HealthProbe[]::new))
                        .traffic(infra.vancouver().trafficAddress()))
                .site("frankfurt", s -> s.coldBackup().provider("aws").region("eu-central-1").capacity(100)
                        .manualActivation().syncEvery(ofDays(7)))
                .failover(chain -> chain.from("montreal").to("toronto").thenTo("vancouver")
                        .detectAfter(infra.detection().failedRounds()).consecutiveFailures()
                        .probingEvery(infra.detection().interval()).probeTimeout(infra.detection().timeout())
                        .cooldown(ofMinutes(30))
                        .steps(steps(infra)))
                .backups(b -> b.zone(ZONE)
                        .full().cron("0 2 * * *")
                        .incremental().every(ofHours(4))
                        .restoreTest().cron("0 1 * * 0")
                        .cleanup().cron("0 23 * * *")
                        .retention(daily(30), weekly(12), monthly(12), yearly(7))
                        .compress(Compression.zstd(3))
                        .encrypt(Encryption.aes256Gcm(infra.backupKeys()))
                        .storeIn(infra.backupStore()))
                .validation(v -> validation(v, infra))
                .alerts(infra.alerts().toArray(AlertSink[]::new))
                .build();
    }

    /** The runbook's steps; the cache step only when the sites have caches. */
    private static FailoverStep[] steps(Infrastructure infra) {
        List<FailoverStep> steps = new ArrayList<>(List.of(fenceOldPrimary(), guardRpo(), promoteDatabase()));
        if (infra.toronto().cache().isPresent()) {
            steps.add(failoverCache());
        }
        steps.add(reroute(infra.routers().toArray(TrafficRouter[]::new)));
        steps.add(validate());
        return steps.toArray(FailoverStep[]::new);
    }

    /** The runbook's validation suite: 95 % of these checks must pass for a recovery to be accepted. */
    private static void validation(RecoveryValidator.Spec v, Infrastructure infra) {
        PostgresChecks db = PostgresChecks.ofValidatedSite();
        HttpChecks http = infra.httpChecks();
        URI app = infra.application().publicUrl();
        v.threshold(95.0).checkTimeout(ofSeconds(30))
                .category("infrastructure", Check.of("site health probes answer", ctx -> {
                    long healthy = 0;
                    for (HealthProbe p : ctx.site().probes()) {
                        healthy += p.probe(ctx.timeout()).healthy() ? 1 : 0;
                    }
                    String detail = healthy + " of " + ctx.site().probes().size() + " probes healthy";
                    return healthy == ctx.site().probes().size() ? Outcome.pass(detail) : Outcome.fail(detail);
                }))
                .category("database", db.connectivity(), db.tablesExist(TABLES.toArray(String[]::new)),
                        db.notEmpty("clients", "batteries", "battery_metrics"),
                        Check.of("new primary accepts writes", ctx -> {
                            DatabaseNode node = ctx.site().database().orElseThrow();
                            return node.acceptsWrites() ? Outcome.pass(node.name() + " accepts writes")
                                    : Outcome.fail(node.name() + " refuses writes");
                        }))
                .category("data integrity", db.noOrphans("batteries", "client_id", "clients", "id"),
                        db.noOrphans("battery_metrics", "battery_id", "batteries", "id"),
                        db.noOrphans("batteries", "location_id", "locations", "id"),
                        db.valuesWithin("battery_metrics", "voltage", 0, 5),
                        db.valuesWithin("battery_metrics", "state_of_charge", 0, 100))
                .category("application", http.endpoint("health", app.resolve("/health"), 200),
                        http.endpoint("api health", app.resolve("/api/health"), 200),
                        http.endpoint("admin is protected", app.resolve("/api/admin"), 401),
                        http.loginFlow("login flow", app.resolve("/api/auth/login"), infra.application().user(),
                                infra.application().password(), "token", app.resolve("/api/me")))
                .category("bms connectivity", http.bmsConnectivity(app, HttpChecks.RUNBOOK_BMS_SYSTEMS).toArray(Check[]::new))
                .category("performance", http.latency("api latency baseline", app.resolve("/api/batteries"), 20,
                                Duration.ofMillis(500), Duration.ofSeconds(1)),
                        db.queryWithin("dashboard query", "SELECT client_id, count(*) FROM batteries GROUP BY client_id",
                                Duration.ofSeconds(1)))
                .category("security", http.securityHeaders("security headers", app.resolve("/"),
                        "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options"));
    }
}
