package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.MutableClock;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.store.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSchedulerTest {

    @TempDir
    Path dir;
    ObjectStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T01:59:00Z"));
    List<JobRun> runs = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    boolean sourceFails;

    final AlertSink recording = new AlertSink() {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(Alert alert) {
            alerts.add(alert);
        }
    };
    final AlertSink broken = new AlertSink() {
        @Override
        public String name() {
            return "broken webhook";
        }

        @Override
        public void send(Alert alert) throws IOException {
            throw new IOException("connection refused");
        }
    };
    final BackupSource source = new BackupSource() {
        @Override
        public String describe() {
            return "scheduled test source";
        }

        @Override
        public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
            if (sourceFails) {
                throw new IOException("pg_dump: connection to server failed");
            }
            out.write(context.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Map.of();
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        store = FileSystemObjectStore.of(dir.resolve("store"));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private BackupStrategy strategy(RetentionPolicy retention, BackupJob... jobs) {
        return new BackupStrategy() {
            @Override
            public List<BackupJob> jobs() {
                return List.of(jobs);
            }

            @Override
            public RetentionPolicy retention() {
                return retention;
            }

            @Override
            public Compression compression() {
                return Compression.zstd(3);
            }

            @Override
            public Encryption encryption() {
                return Encryption.none();
            }

            @Override
            public ObjectStore store() {
                return store;
            }
        };
    }

    private static BackupJob job(BackupJob.Type type, BackupSchedule schedule) {
        return new BackupJob(type, schedule);
    }

    private BackupScheduler.Builder scheduler(BackupStrategy strategy) {
        return BackupScheduler.builder().strategy(strategy).source(source).clock(clock).executor(executor)
                .jobExecutor(Runnable::run).alerts(List.of(broken, recording)).onJobRun(runs::add)
                .runner(BackupRunner.from(strategy).clock(clock).stagingDirectory(dir.resolve("staging"))
                        .onProgress(ProgressListener.none()).build());
    }

    @Test
    void runsACronJobOnceWhenItIsDue() throws Exception {
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.cron("0 2 * * *", "UTC")))).build();

        s.tick();
        assertThat(runs).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        s.tick();
        clock.advance(Duration.ofSeconds(30));
        s.tick();

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(JobRun.Outcome.SUCCEEDED);
            assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
            assertThat(r.missedRuns()).isZero();
        });
        assertThat(BackupCatalog.of(store).list()).singleElement().extracting(BackupManifest::kind).isEqualTo(BackupKind.FULL);
    }

    @Test
    void listsNextRunsAcrossJobsInTheirZones() {
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.cron("0 2 * * *", "America/Toronto")),
                job(BackupJob.Type.INCREMENTAL_BACKUP, BackupSchedule.every(Duration.ofHours(4))))).build();

        assertThat(s.nextRuns(4)).extracting(r -> r.job().type().label() + "@" + r.time().toInstant())
                .containsExactly("incremental-backup@2026-11-26T05:59:00Z", "full-backup@2026-11-26T07:00:00Z",
                        "incremental-backup@2026-11-26T09:59:00Z", "incremental-backup@2026-11-26T13:59:00Z");
    }

    @Test
    void afterAPauseAJobRunsOnceAndCountsWhatItMissed() {
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.cron("0 2 * * *", "UTC")))).build();

        clock.advance(Duration.ofDays(3)); // 2026-11-29T01:59: due 26th, 27th and 28th at 02:00
        s.tick();
        s.tick();

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
            assertThat(r.missedRuns()).isEqualTo(2);
        });
        assertThat(s.nextRuns(1).get(0).time().toInstant()).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertThat(runs).hasSize(2);
    }

    @Test
    void aJobStillRunningIsSkippedNotOverlappedAndThatIsAlerted() {
        List<Runnable> queued = new ArrayList<>();
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.every(Duration.ofMinutes(10))))).jobExecutor(queued::add).build();

        clock.advance(Duration.ofMinutes(10));
        s.tick();
        clock.advance(Duration.ofMinutes(10));
        s.tick();

        assertThat(queued).hasSize(1);
        assertThat(runs).singleElement().extracting(JobRun::outcome).isEqualTo(JobRun.Outcome.SKIPPED_STILL_RUNNING);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.title()).isEqualTo("backup job full-backup skipped");
        });

        queued.get(0).run();
        clock.advance(Duration.ofMinutes(10));
        s.tick();
        assertThat(queued).hasSize(2);
        assertThat(runs).extracting(JobRun::outcome).containsExactly(JobRun.Outcome.SKIPPED_STILL_RUNNING, JobRun.Outcome.SUCCEEDED);
    }

    @Test
    void aFailedJobAlertsEverySinkAndTheSchedulerCarriesOn() {
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.every(Duration.ofHours(1))))).build();
        sourceFails = true;

        clock.advance(Duration.ofHours(1));
        s.tick();
        sourceFails = false;
        clock.advance(Duration.ofHours(1));
        s.tick();

        assertThat(runs).extracting(JobRun::outcome).containsExactly(JobRun.Outcome.FAILED, JobRun.Outcome.SUCCEEDED);
        assertThat(runs.get(0).detail()).isEqualTo("IOException: pg_dump: connection to server failed");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).isEqualTo("backup job full-backup failed");
            assertThat(a.detail()).contains("pg_dump: connection to server failed", "next run at 2026-11-26T03:59:00Z");
            assertThat(a.fields()).containsEntry("job", "full-backup");
        });
    }

    @Test
    void restoreTestIsPluggableAndFailsWhenThereIsNothingToTest() {
        List<String> tested = new ArrayList<>();
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.RESTORE_TEST, BackupSchedule.every(Duration.ofHours(1))),
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.every(Duration.ofMinutes(90)))))
                .restoreTest((latest, runner) -> {
                    runner.verify(latest.id());
                    tested.add(latest.id());
                }).build();

        clock.advance(Duration.ofHours(1));
        s.tick();
        clock.advance(Duration.ofMinutes(30));
        s.tick();
        clock.advance(Duration.ofMinutes(30));
        s.tick();

        assertThat(runs).extracting(r -> r.job().type() + ":" + r.outcome()).containsExactly(
                "RESTORE_TEST:FAILED", "FULL_BACKUP:SUCCEEDED", "RESTORE_TEST:SUCCEEDED");
        assertThat(runs.get(0).detail()).contains("no backup to test");
        assertThat(tested).hasSize(1);
    }

    @Test
    void cleanupAppliesTheRetentionPolicy() throws Exception {
        BackupScheduler s = scheduler(strategy(new RetentionPolicy(2, 0, 0, 0),
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.cron("0 2 * * *", "UTC")),
                job(BackupJob.Type.CLEANUP, BackupSchedule.cron("30 2 * * *", "UTC")))).build();

        for (int day = 0; day < 4; day++) {
            clock.advance(Duration.ofMinutes(1));
            s.tick(); // 02:00 full backup
            clock.advance(Duration.ofMinutes(30));
            s.tick(); // 02:30 cleanup
            clock.advance(Duration.ofHours(24).minusMinutes(31));
        }

        assertThat(BackupCatalog.of(store).list()).hasSize(2);
        assertThat(runs).filteredOn(r -> r.job().type() == BackupJob.Type.CLEANUP).last()
                .extracting(JobRun::detail).isEqualTo("retention 2 daily, 0 weekly, 0 monthly, 0 yearly: kept 2, deleted 1");
    }

    @Test
    void builderListsEveryMissingPiece() {
        assertThatThrownBy(() -> BackupScheduler.builder().strategy(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.every(Duration.ofHours(1))))).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("executor: none").hasMessageContaining("source: none");
    }

    @Test
    void startTicksOnTheExecutorAndCloseStops() {
        BackupScheduler s = scheduler(strategy(RetentionPolicy.KEEP_ALL,
                job(BackupJob.Type.FULL_BACKUP, BackupSchedule.cron("0 2 * * *", "UTC")))).build();

        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        s.close();
        s.close();
    }
}
