package com.trackingbms.dr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.runbook.PlannedStep;
import com.trackingbms.dr.runbook.RunbookDryRun;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's runbook builds, passes the total-outage order check, and previews its steps without running any. */
class RunbookExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeRunbookDryRuns() throws Exception {
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            Site site = new Site("drill", SiteRole.PRIMARY, "", "", 100, Activation.AUTOMATIC, Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty());
            BackupRunner db = BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("db"))).build();
            BackupRunner files = BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("files"))).build();
            RunbookDryRun dry = RunbookExample.totalOutage(Files.createDirectories(dir.resolve("infra")),
                    Secret.of("never-printed"), db, files, dir.resolve("restored"), site,
                    URI.create("https://drill.trackingbms.test"), executor, Clock.systemUTC()).dryRun();
            assertThat(dry.steps()).extracting(PlannedStep::name).containsExactly("provision infrastructure",
                    "restore database", "restore application files", "check BMS connectivity", "validate recovery");
            assertThat(dry.steps().get(4).inputs().get("checks")).isEqualTo("9 in [application, performance, security]");
            assertThat(dry.steps().get(1).inputs().get("backup")).startsWith("none resolves");
            assertThat(dry.render()).doesNotContain("never-printed");
            assertThat(dir.resolve("restored")).doesNotExist();
        } finally {
            executor.shutdownNow();
        }
    }
}
