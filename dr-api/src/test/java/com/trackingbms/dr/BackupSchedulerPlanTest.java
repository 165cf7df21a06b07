package com.trackingbms.dr;

import static com.trackingbms.dr.backup.Retention.daily;
import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.BackupCatalog;
import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupScheduler;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.backup.JobRun;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler driven by a plan built with the DSL: its jobs, its store, its alert sinks. */
class BackupSchedulerPlanTest {

    @TempDir
    Path dir;

    @Test
    void runsThePlansJobsAndAlertsThePlansSinks() throws Exception {
        FileSystemObjectStore store = FileSystemObjectStore.of(dir.resolve("store"));
        List<Alert> alerts = new ArrayList<>();
        AlertSink sink = new AlertSink() {
            @Override
            public String name() {
                return "ops";
            }

            @Override
            public void send(Alert alert) {
                alerts.add(alert);
            }
        };
        DisasterRecoveryPlan plan = DisasterRecoveryPlan.named("trackingbms")
                .objectives(Objective.rto(java.time.Duration.ofMinutes(15)), Objective.rpo(java.time.Duration.ofMinutes(5)),
                        Objective.availability(99.99))
                .site("montreal", s -> s.primary().probe(TestComponents.probe("health")).database(TestComponents.database("montreal-pg")))
                .site("toronto", s -> s.hotStandby().streaming(ReplicationMode.SYNCHRONOUS).database(TestComponents.database("toronto-pg")))
                .failover(c -> c.from("montreal").to("toronto"))
                .backups(b -> b.full().cron("0 2 * * *").restoreTest().cron("0 3 * * *").retention(daily(7)).storeIn(store))
                .alerts(sink)
                .build();
        Instant[] now = {Instant.parse("2026-11-26T01:59:30Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<JobRun> runs = new ArrayList<>();
        boolean[] fail = {false};
        BackupSource source = new BackupSource() {
            @Override
            public String describe() {
                return "plan test source";
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                if (fail[0]) {
                    throw new IOException("disk full");
                }
                out.write(new byte[] {1, 2, 3});
                return Map.of();
            }
        };
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (BackupScheduler scheduler = BackupScheduler.builder().plan(plan).source(source).clock(clock).executor(executor)
                .jobExecutor(Runnable::run).onJobRun(runs::add).build()) {
            assertThat(scheduler.nextRuns(2)).extracting(r -> r.job().type().label())
                    .containsExactly("full-backup", "restore-test");

            now[0] = Instant.parse("2026-11-26T02:00:00Z");
            scheduler.tick();
            now[0] = Instant.parse("2026-11-26T03:00:00Z");
            scheduler.tick();
            fail[0] = true;
            now[0] = Instant.parse("2026-11-27T02:00:00Z");
            scheduler.tick();
        } finally {
            executor.shutdownNow();
        }

        assertThat(runs).extracting(r -> r.job().type().label() + ":" + r.outcome())
                .containsExactly("full-backup:SUCCEEDED", "restore-test:SUCCEEDED", "full-backup:FAILED");
        assertThat(BackupCatalog.of(store).list()).hasSize(1);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.plan()).isEqualTo("trackingbms");
            assertThat(a.detail()).contains("disk full");
        });
    }
}
