package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.postgres.PostgresChecks;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.fake.RecordingAlertSink;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.RecoveryValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The weekly restore test on real PostgreSQL: isolated cluster, validation, result, clean-up, alert on failure. */
@DrillTest
@PostgresCluster(standbys = 0)
class RestoreTestIT {

    private static final Site SITE = new Site("restore-test", SiteRole.COLD_BACKUP, "", "", 100, Activation.MANUAL,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    private static PgTools tools;
    private static Path work;
    private static BackupRunner runner;

    @BeforeAll
    static void data(PostgresTopology pg) throws Exception {
        tools = PgFixtures.tools(pg.primary());
        PgFixtures.telemetry(tools, "postgres", 20_000);
        work = PgFixtures.scratch("dr-restore-test-");
        runner = BackupRunner.builder(FileSystemObjectStore.of(work.resolve("store"))).build();
    }

    @AfterAll
    static void clean() {
        Run.deleteTree(work);
    }

    private static Function<PostgresNode, RecoveryValidator> checks(String... tables) {
        return node -> {
            PostgresChecks c = PostgresChecks.on(node);
            return new RecoveryValidator() {
                @Override
                public List<CheckCategory> categories() {
                    return List.of(new CheckCategory("database", List.of(c.connectivity(), c.tablesExist(tables), c.notEmpty(tables),
                            c.noOrphans("batteries", "client_id", "clients", "id"))));
                }

                @Override
                public double threshold() {
                    return 95.0;
                }

                @Override
                public Duration checkTimeout() {
                    return Duration.ofSeconds(30);
                }
            };
        };
    }

    private static long leftovers() throws Exception {
        try (Stream<Path> s = Files.list(work.resolve("tests"))) {
            return s.count();
        }
    }

    @Test
    void physicalAndLogicalBackupsPassAndLeaveNothingBehind() throws Exception {
        BackupManifest base = runner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
        BackupManifest dump = runner.backup(PostgresBackups.dumpAll(tools), BackupKind.FULL);
        List<RestoreTestResult> results = new ArrayList<>();
        RecordingAlertSink alerts = new RecordingAlertSink("ops");
        PostgresRestoreTest test = PostgresRestoreTest.builder(tools).workDirectory(work.resolve("tests")).site(SITE).alerts(alerts)
                .validator(checks("clients", "batteries", "battery_metrics")).onResult(results::add).build();

        RestoreTestResult physical = test.execute(base, runner);
        assertThat(physical.passed()).as(physical.detail()).isTrue();
        assertThat(physical.report().orElseThrow().passedCount()).isEqualTo(4);
        assertThat(physical.restoreTime()).isPositive().isLessThanOrEqualTo(physical.totalTime());

        test.run(dump, runner); // the scheduler's RestoreTest SPI
        assertThat(results).hasSize(2).allMatch(RestoreTestResult::passed);
        assertThat(results.get(1).backupId()).isEqualTo(dump.id());
        assertThat(alerts.alerts()).isEmpty();
        assertThat(leftovers()).isZero();
    }

    @Test
    void aFailedValidationIsRecordedAlertedAndThrown() throws Exception {
        BackupManifest dump = runner.backup(PostgresBackups.dump(tools, "postgres"), BackupKind.FULL);
        List<RestoreTestResult> results = new ArrayList<>();
        RecordingAlertSink alerts = new RecordingAlertSink("ops");
        PostgresRestoreTest test = PostgresRestoreTest.builder(tools).workDirectory(work.resolve("tests")).site(SITE).alerts(alerts)
                .validator(checks("clients", "batteries", "locations")).onResult(results::add).build();

        assertThatThrownBy(() -> test.execute(dump, runner)).isInstanceOf(RestoreTestFailedException.class)
                .hasMessageContaining(dump.id()).hasMessageContaining("locations");
        assertThat(results).singleElement().matches(r -> !r.passed());
        assertThat(alerts.alerts(Severity.CRITICAL)).singleElement().satisfies(a -> assertThat(a.title()).contains(dump.id()));
        assertThat(leftovers()).isZero();
    }
}
