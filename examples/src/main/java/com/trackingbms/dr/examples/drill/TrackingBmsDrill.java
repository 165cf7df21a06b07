package com.trackingbms.dr.examples.drill;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.alert.AlertSinks;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.postgres.PostgresChecks;
import com.trackingbms.dr.postgres.backup.PgTools;
import com.trackingbms.dr.postgres.backup.PostgresBackups;
import com.trackingbms.dr.postgres.backup.PostgresRestoreTest;
import com.trackingbms.dr.postgres.backup.RestoreTestFailedException;
import com.trackingbms.dr.postgres.backup.RestoreTestResult;
import com.trackingbms.dr.postgres.backup.WalArchive;
import com.trackingbms.dr.postgres.backup.WalReceiver;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.examples.TrackingBmsPlan;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.report.RecoveryReport;
import com.trackingbms.dr.spi.HealthProbes;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.drill.DrillReport;
import com.trackingbms.dr.testkit.drill.DrillRunner;
import com.trackingbms.dr.testkit.drill.Fault;
import com.trackingbms.dr.testkit.drill.PostgresWriteLoad;
import com.trackingbms.dr.testkit.drill.SwitchableEndpoint;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.validation.HttpChecks;
import com.trackingbms.dr.validation.ValidationReport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The TrackingBMS disaster drill on this machine: the runbook's plan against a real PostgreSQL primary (montreal)
 * with a synchronous (toronto) and an asynchronous (vancouver) standby, the application's endpoints as stubs, a write
 * load through the public endpoints, kill -9 of montreal, and the controller alone from there. Every process it
 * starts is ended when it finishes, fails or is interrupted (Ctrl-C).
 */
public final class TrackingBmsDrill implements AutoCloseable {

    private static final String DATABASE = "trackingbms";
    private static final String VALIDATION_USER = "dr-validation";

    private final PrintStream out;
    private final Path workDir;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** A drill that prints progress to {@code out} and keeps its files (backups, reports) in {@code workDir}. */
    public TrackingBmsDrill(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
    }

    /** Entry point: runs the drill and exits 0 when every objective was met, 1 when one was missed, 2 when it cannot run. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (PostgresBinaries.find().isEmpty()) {
            out.println("The drill needs the PostgreSQL 15 server binaries (initdb, pg_ctl, pg_basebackup, pg_rewind, pg_dump)."
                    + " Install them with: sudo apt-get install postgresql-15   (or set DR_PG_BIN to their directory)");
            System.exit(2);
        }
        Path workDir = Path.of(args.length > 0 ? args[0] : "examples/target/drill").toAbsolutePath();
        TrackingBmsDrill drill = new TrackingBmsDrill(out, workDir);
        Thread cleanup = new Thread(drill::close, "drill-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Outcome outcome;
        try {
            outcome = drill.run();
        } finally {
            drill.close();
        }
        out.println(outcome.drillLine());
        System.exit(outcome.passed() ? 0 : 1);
    }

    /**
     * What the drill measured.
     *
     * @param rto fault to validated service, when service was restored
     * @param lostWrites acknowledged writes missing afterwards
     * @param validationPercent the validation success rate on the new primary
     * @param passed whether every objective was met
     * @param report where the report is
     */
    public record Outcome(Optional<Duration> rto, int lostWrites, double validationPercent, boolean passed, Path report) {
        /** The drill's last line, for people and tooling. */
        public String drillLine() {
            return String.format(Locale.ROOT, "DRILL result=%s rto_ms=%d rpo_lost_writes=%d validation_pct=%.1f report=%s",
                    passed ? "PASS" : "FAIL", rto.map(Duration::toMillis).orElse(-1L), lostWrites, validationPercent, report);
        }
    }

    /** Runs the drill to its outcome. */
    public Outcome run() throws Exception {
        // Each drill starts from nothing: its backups are encrypted with a key that lives only for this run.
        for (String leftover : List.of("backups", "wal-spool", "restore-tests")) {
            deleteTree(workDir.resolve(leftover));
        }
        Files.createDirectories(workDir);
        Secret validationPassword = randomSecret();

        step(1, "starting montreal (primary), toronto (synchronous standby), vancouver (asynchronous standby)");
        PostgresTopology pg = track(PostgresTopology.builder().primaryName("montreal")
                .standby("toronto", ReplicationMode.SYNCHRONOUS).standby("vancouver", ReplicationMode.ASYNCHRONOUS)
                .database(DATABASE).start());
        Map<String, SiteApplication> apps = Map.of(
                "montreal", track(SiteApplication.start("montreal", VALIDATION_USER, validationPassword)),
                "toronto", track(SiteApplication.start("toronto", VALIDATION_USER, validationPassword)),
                "vancouver", track(SiteApplication.start("vancouver", VALIDATION_USER, validationPassword)));
        PostgresServer montreal = pg.primary();
        SwitchableEndpoint dbEndpoint = track(SwitchableEndpoint.to(montreal.host(), montreal.port()));
        String montrealApp = apps.get("montreal").address();
        SwitchableEndpoint appEndpoint = track(SwitchableEndpoint.to(montrealApp.split(":")[0],
                Integer.parseInt(montrealApp.split(":")[1])));
        out.printf("    database endpoint %s:%d, application endpoint http://%s:%d/%n", dbEndpoint.host(), dbEndpoint.port(),
                appEndpoint.host(), appEndpoint.port());

        step(2, "loading the TrackingBMS schema and data on montreal");
        TelemetrySchema.load(montreal.sql());
        pg.awaitStreaming(Duration.ofSeconds(30));

        step(3, "full base backup of montreal and continuous WAL streaming into the backup store");
        ObjectStore store = FileSystemObjectStore.of(workDir.resolve("backups"));
        KeyProvider keys = KeyProviders.key("drill-key", randomKey());
        PgTools.Builder toolsBuilder = PgTools.builder().binDirectory(PostgresBinaries.locate().directory())
                .host(montreal.host()).port(montreal.port()).user(pg.user()).password(pg.password()).database(DATABASE);
        if (RunAs.currentUserIsRoot()) {
            toolsBuilder.serverUser(RunAs.user("postgres"));
        }
        PgTools tools = toolsBuilder.build();
        BackupRunner backups = BackupRunner.builder(store).compression(Compression.zstd(3))
                .encryption(Encryption.aes256Gcm(keys)).build();
        WalArchive archive = WalArchive.builder(store).compression(Compression.zstd(3)).encryption(Encryption.aes256Gcm(keys))
                .restoreKeys(keys).plan("trackingbms").build();
        WalReceiver wal = track(WalReceiver.start(tools, archive, workDir.resolve("wal-spool"), "drill_wal", Duration.ofMillis(500)));
        BackupManifest base = backups.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
        out.printf("    base backup %s: %d bytes stored, WAL streaming from montreal%n", base.id(), base.storedBytes());

        DisasterRecoveryPlan plan = TrackingBmsPlan.define(new TrackingBmsPlan.Infrastructure(
                site(pg.primary(), apps.get("montreal")), site(pg.standbys().get(0), apps.get("toronto")),
                site(pg.standbys().get(1), apps.get("vancouver")),
                List.of(dbEndpoint, new SiteRouter("application load balancer", appEndpoint,
                        Map.of("montreal", apps.get("montreal").address(), "toronto", apps.get("toronto").address(),
                                "vancouver", apps.get("vancouver").address()))),
                store, keys, List.of(AlertSinks.logging()),
                new TrackingBmsPlan.Application(URI.create("http://" + appEndpoint.host() + ":" + appEndpoint.port() + "/"),
                        VALIDATION_USER, validationPassword),
                TrackingBmsPlan.Detection.DRILL, HttpChecks.defaults()));

        step(4, "writing through the public endpoint, then kill -9 of montreal; the controller acts alone");
        DrillReport drill = DrillRunner.builder(plan)
                .load(PostgresWriteLoad.through(dbEndpoint.host(), dbEndpoint.port()).database(DATABASE)
                        .user(pg.user()).password(pg.password()).table("drill_writes").build())
                .fault(Fault.of("montreal site lost (kill -9 of its database, its application dark)", () -> {
                    apps.get("montreal").goDark();
                    montreal.kill9();
                }))
                .faultAfter(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(60)).writesAfterRecovery(20)
                .build().run();
        FailoverResult failover = drill.failover().orElseThrow(() -> new IllegalStateException(
                "the controller did not fail over within the drill's timeout: " + drill));
        out.println(failover.timeline().render());
        ValidationReport validation = failover.validation().orElseThrow(() -> new IllegalStateException(
                "the failover ended without validation: " + failover.status() + ": " + failover.reason()));
        out.printf("    %s%n", validation.summary());

        wal.shipCompleted();

        step(5, "weekly restore test: restore the latest backup into an isolated cluster and validate it");
        PostgresRestoreTest restoreTest = PostgresRestoreTest.builder(tools).workDirectory(workDir.resolve("restore-tests"))
                .site(plan.site("toronto")).archive(archive).plan(plan.name()).validator(TrackingBmsDrill::restoreChecks).build();
        RestoreTestResult restored;
        try {
            restored = restoreTest.execute(backups.catalog().latest().orElseThrow(), backups);
        } catch (RestoreTestFailedException e) {
            restored = e.result();  // already alerted; the drill reports it and fails
        }
        out.printf("    restore of %s %s in %s (restore %s): %s%n", restored.backupId(), restored.passed() ? "passed" : "FAILED",
                Durations.format(restored.totalTime()), Durations.format(restored.restoreTime()),
                restored.report().map(ValidationReport::summary).orElse(restored.detail()));

        step(6, "report");
        Optional<Duration> rto = drill.faultToValidated();
        boolean rtoMet = rto.map(r -> r.compareTo(plan.objectives().rto()) <= 0).orElse(false);
        boolean rpoMet = drill.lostAcknowledgedWrites() == 0 || failover.rpoMet();
        boolean passed = failover.succeeded() && rtoMet && rpoMet && validation.passed() && restored.passed();
        out.printf("%nSummary%n  failed site %s, promoted %s%n", failover.failedSite(), failover.activeSite());
        out.printf("  RTO %s (objective %s) %s%n", rto.map(Durations::format).orElse("not restored"),
                Durations.format(plan.objectives().rto()), rtoMet ? "met" : "MISSED");
        out.printf("  RPO: %d of %d acknowledged writes lost; estimate %s (objective %s) %s%n", drill.lostAcknowledgedWrites(),
                drill.acknowledged().size(), failover.dataLoss().describe(), Durations.format(plan.objectives().rpo()), rpoMet ? "met" : "MISSED");
        out.printf("  validation %.1f %% (threshold %.1f %%) %s%n", validation.successRate(), validation.threshold(),
                validation.passed() ? "passed" : "FAILED");
        out.printf("  restore test of the latest backup %s%n", restored.passed() ? "passed" : "FAILED: " + restored.detail());

        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("fault", drill.fault());
        seen.put("fault to first write on the new primary", drill.faultToFirstWrite().map(Durations::format).orElse("none"));
        seen.put("fault to validated service", rto.map(Durations::format).orElse("not restored"));
        seen.put("acknowledged writes", Integer.toString(drill.acknowledged().size()));
        seen.put("acknowledged writes lost", Integer.toString(drill.lostAcknowledgedWrites()));
        seen.put("restore test", restored.backupId() + " " + (restored.passed() ? "passed" : "failed") + " in "
                + Durations.format(restored.totalTime()) + ": " + restored.report().map(ValidationReport::summary).orElse(restored.detail()));
        RecoveryReport report = RecoveryReport.drill(failover).withDetails(seen)
                .withNextSteps(restored.passed() ? "The latest backup restores and validates; keep the weekly restore test scheduled."
                        : "The latest backup did not restore cleanly: " + restored.detail())
                .redacting(List.of(pg.password(), validationPassword));
        Path html = workDir.resolve("recovery-report.html");
        Files.writeString(html, report.toHtml(), StandardCharsets.UTF_8);
        Files.writeString(workDir.resolve("recovery-report.json"), report.toJson(), StandardCharsets.UTF_8);
        out.printf("  report %s (and recovery-report.json)%n", html);
        return new Outcome(rto, drill.lostAcknowledgedWrites(), validation.successRate(), passed, html);
    }

    /** What the restore test checks on the isolated copy: the plan's database and data-integrity checks. */
    private static RecoveryValidator restoreChecks(PostgresNode node) {
        PostgresChecks db = PostgresChecks.on(node);
        return RecoveryValidator.of(95.0, Duration.ofSeconds(30), List.of(
                new CheckCategory("database", List.of(db.connectivity(), db.tablesExist(TrackingBmsPlan.TABLES.toArray(String[]::new)),
                        db.notEmpty("clients", "batteries", "battery_metrics"))),
                new CheckCategory("data integrity", List.of(db.noOrphans("batteries", "client_id", "clients", "id"),
                        db.noOrphans("battery_metrics", "battery_id", "batteries", "id"),
                        db.valuesWithin("battery_metrics", "voltage", 0, 5)))));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Secret randomKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Secret.of(Base64.getEncoder().encodeToString(b));
    }

    private static TrackingBmsPlan.SiteComponents site(PostgresServer server, SiteApplication app) {
        PostgresNode node = PostgresNode.builder(server.name()).host(server.host()).port(server.port())
                .database(server.database()).user(server.user()).password(server.password())
                .connectTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(5)).build();
        return new TrackingBmsPlan.SiteComponents(node, Optional.empty(),
                List.of(node.probe(), HealthProbes.http(app.healthUrl())), server.host() + ":" + server.port());
    }

    private void step(int n, String what) {
        out.printf("[%d] %s%n", n, what);
    }

    private <T extends AutoCloseable> T track(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    private static Secret randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** Ends every process and server the drill started, newest first; safe to call twice (Ctrl-C and normal end). */
    @Override
    public void close() {
        while (true) {
            AutoCloseable r;
            synchronized (resources) {
                r = resources.poll();
            }
            if (r == null) {
                return;
            }
            try {
                r.close();
            } catch (Exception e) {
                out.println("    cleanup of " + r + " failed: " + e.getMessage());
            }
        }
    }
}
