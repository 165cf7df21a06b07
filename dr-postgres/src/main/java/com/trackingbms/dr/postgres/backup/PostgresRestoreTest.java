package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.AlertSinks;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.backup.RestoreTest;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.ValidationReport;
import com.trackingbms.dr.validation.ValidationRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbook's weekly restore test: restores the latest backup into an isolated cluster on 127.0.0.1 (a base backup
 * plus archived WAL into a fresh data directory, or a logical dump into a fresh {@code initdb}), runs the plan's
 * validator with database checks against it, records the result and the time it took, removes the cluster, and on
 * failure alerts and throws. Plug it into {@code BackupScheduler.Builder#restoreTest}, or call {@link #execute} from
 * a JUnit test.
 */
public final class PostgresRestoreTest implements RestoreTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRestoreTest.class);

    private final PgTools tools;
    private final Path workDirectory;
    private final Function<PostgresNode, RecoveryValidator> validator;
    private final Site site;
    private final WalArchive archive;
    private final AlertSink alerts;
    private final String plan;
    private final Clock clock;
    private final Duration timeout;
    private final Consumer<RestoreTestResult> onResult;

    private PostgresRestoreTest(Builder b) {
        this.tools = b.tools;
        this.workDirectory = b.workDirectory;
        this.validator = b.validator;
        this.site = b.site;
        this.archive = b.archive;
        this.alerts = b.alerts;
        this.plan = b.plan;
        this.clock = b.clock;
        this.timeout = b.timeout;
        this.onResult = b.onResult;
    }

    /**
     * A builder. {@code tools} gives the bin directory, the server user, and the superuser and password the isolated
     * cluster gets (a physical restore keeps the source's roles, so use the source's credentials).
     */
    public static Builder builder(PgTools tools) {
        return new Builder(Objects.requireNonNull(tools, "tools"));
    }

    @Override
    public void run(BackupManifest latest, BackupRunner runner) throws Exception {
        execute(latest, runner);
    }

    /**
     * Restores {@code backup}, validates and cleans up.
     *
     * @return the result of a passed test
     * @throws RestoreTestFailedException when the restore or the validation failed (after alerting)
     */
    public RestoreTestResult execute(BackupManifest backup, BackupRunner runner) throws RestoreTestFailedException, InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Duration restoreTime = Duration.ZERO;
        Path work = null;
        RestoredServer server = null;
        RestoreTestResult result;
        Exception failure = null;
        try {
            Files.createDirectories(workDirectory);
            work = Files.createTempDirectory(workDirectory, "dr-restore-test-");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port = freePort();
            String format = backup.positions().getOrDefault("format", "");
            LOG.info("restore test of backup {} ({}) into an isolated cluster on 127.0.0.1:{}", backup.id(), format, port);
            switch (format) {
                case "basebackup-tar" -> server = PointInTimeRestore.builder(runner, archive != null ? archive
                                : WalArchive.builder(FileSystemObjectStore.of(work.resolve("no-wal"))).build(), tools)
                        .dataDirectory(work.resolve("data")).port(port).timeout(timeout)
                        .target(RecoveryTarget.latest()).build().executeFrom(backup);
                case "dumpall" -> {
                    server = RestoredServer.initEmpty(tools, work.resolve("data"), port, timeout);
                    runner.restore(RestoreRequest.byId(backup.id()), PostgresBackups.psql(server.tools()));
                }
                case "custom", "directory" -> {
                    server = RestoredServer.initEmpty(tools, work.resolve("data"), port, timeout);
                    String db = backup.positions().getOrDefault("database", "postgres");
                    if (!db.equals("postgres")) {
                        Run.run(tools.runner(), server.tools().client("createdb").arg(db).build());
                    }
                    runner.restore(RestoreRequest.byId(backup.id()), PostgresBackups.pgRestore(server.tools(), db,
                            o -> o.scratchDirectory(workDirectory)));
                }
                default -> throw new IllegalArgumentException("backup " + backup.id() + " has format '" + format
                        + "', which the PostgreSQL restore test does not know");
            }
            restoreTime = Duration.ofNanos(System.nanoTime() - t0);
            String db = backup.positions().getOrDefault("database", tools.database());
            PostgresNode node = PostgresNode.builder("restore-test").host("127.0.0.1").port(port).database(db).user(tools.user())
                    .password(tools.password().orElse(com.trackingbms.dr.Secret.of(""))).connectTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofMinutes(5)).build();
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "dr-restore-test-check");
                t.setDaemon(true);
                return t;
            });
            ValidationReport report;
            try {
                report = ValidationRunner.create(executor, clock).run(validator.apply(node), site);
            } finally {
                executor.shutdownNow();
            }
            result = new RestoreTestResult(backup.id(), started, restoreTime, Duration.ofNanos(System.nanoTime() - t0), report.passed(),
                    report.summary(), Optional.of(report));
        } catch (IOException | RuntimeException e) {
            failure = e;
            result = new RestoreTestResult(backup.id(), started, restoreTime, Duration.ofNanos(System.nanoTime() - t0), false,
                    "the restore failed: " + e.getMessage(), Optional.empty());
        } finally {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not stop the restore-test server {}: {}", server, e.toString());
                }
            }
            Run.deleteTree(work);
        }
        result = new RestoreTestResult(result.backupId(), result.startedAt(), result.restoreTime(), Duration.ofNanos(System.nanoTime() - t0),
                result.passed(), result.detail(), result.report());
        onResult.accept(result);
        if (result.passed()) {
            LOG.info("restore test of backup {} passed: restored in {} ms, {} ms in all; {}", backup.id(), result.restoreTime().toMillis(),
                    result.totalTime().toMillis(), result.detail());
            return result;
        }
        Alert alert = new Alert(Severity.CRITICAL, plan, "restore test failed for backup " + backup.id(), result.detail()
                + ". The latest backup may not be restorable: investigate before relying on it.", clock.instant(),
                Map.of("backup", backup.id(), "duration_ms", Long.toString(result.totalTime().toMillis())));
        try {
            alerts.send(alert);
        } catch (Exception e) {
            // Deliberately tolerated: the failure is still thrown below, so a dead alert sink hides nothing.
            LOG.error("alert sink {} failed to send the restore-test alert: {}", alerts.name(), e.toString());
        }
        throw new RestoreTestFailedException(result, failure);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Configures a {@link PostgresRestoreTest}. */
    public static final class Builder {
        private final PgTools tools;
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private Function<PostgresNode, RecoveryValidator> validator;
        private Site site;
        private WalArchive archive;
        private AlertSink alerts = AlertSinks.logging();
        private String plan = "postgres";
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofHours(2);
        private Consumer<RestoreTestResult> onResult = r -> { };

        private Builder(PgTools tools) {
            this.tools = tools;
        }

        /** Where isolated clusters are created (default java.io.tmpdir); its parents must be traversable by the server user. */
        public Builder workDirectory(Path value) {
            this.workDirectory = Objects.requireNonNull(value, "workDirectory");
            return this;
        }

        /** The validator to run, given a node for the restored server (e.g. the plan's checks built with PostgresChecks.on(node)). */
        public Builder validator(Function<PostgresNode, RecoveryValidator> value) {
            this.validator = Objects.requireNonNull(value, "validator");
            return this;
        }

        /** The site the validation report is labelled with. */
        public Builder site(Site value) {
            this.site = Objects.requireNonNull(value, "site");
            return this;
        }

        /** The WAL archive a base backup is replayed with (default: none, only the WAL inside the backup). */
        public Builder archive(WalArchive value) {
            this.archive = Objects.requireNonNull(value, "archive");
            return this;
        }

        /** Where a failure is alerted (default: logged). */
        public Builder alerts(AlertSink value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /** The plan name alerts carry. */
        public Builder plan(String value) {
            this.plan = Objects.requireNonNull(value, "plan");
            return this;
        }

        /** The clock for results, reports and alerts. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How long the restore may take (default 2 h). */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive(value, "timeout", "Duration.ofMinutes(30)");
            return this;
        }

        /** Receives every result, passed or failed (to record it). */
        public Builder onResult(Consumer<RestoreTestResult> value) {
            this.onResult = Objects.requireNonNull(value, "onResult");
            return this;
        }

        /** The restore test. */
        public PostgresRestoreTest build() {
            if (validator == null) {
                throw new IllegalStateException("validator is required: the plan's database checks, given the restored node");
            }
            if (site == null) {
                throw new IllegalStateException("site is required: the site the validation report names");
            }
            return new PostgresRestoreTest(this);
        }
    }
}
