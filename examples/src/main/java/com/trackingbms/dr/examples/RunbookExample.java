package com.trackingbms.dr.examples;

import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.FileTree;
import com.trackingbms.dr.report.RecoveryReport;
import com.trackingbms.dr.runbook.DisasterType;
import com.trackingbms.dr.runbook.RecoveryRunbook;
import com.trackingbms.dr.runbook.RestorePoint;
import com.trackingbms.dr.runbook.RunbookResult;
import com.trackingbms.dr.runbook.RunbookSteps;
import com.trackingbms.dr.runbook.TargetEnvironment;
import com.trackingbms.dr.spi.Provisioner;
import com.trackingbms.dr.spi.Terraform;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.HttpChecks;
import com.trackingbms.dr.validation.RecoveryValidator;
import com.trackingbms.dr.validation.ValidationRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** The README's runbook snippet, compiled: the total-outage runbook of the TrackingBMS shell runbook, and its report. */
public final class RunbookExample {

    private RunbookExample() {
    }

    /**
     * The total-outage runbook: Terraform provisions the drill environment, the database and application files are
     * restored from their latest backups, the BMS endpoints must answer, then the runbook's standard HTTP checks
     * must reach 95 %.
     */
    public static RecoveryRunbook totalOutage(Path infra, Secret dbPassword, BackupRunner database, BackupRunner files,
                                              Path restoreRoot, Site site, URI siteUrl, ExecutorService executor,
                                              Clock clock) {
        Provisioner terraform = Terraform.builder(infra)
                .variable("region", "ca-central-1")
                .secretVariable("db_password", dbPassword)                  // TF_VAR_db_password, never an argument
                .build();
        HttpChecks http = HttpChecks.defaults();
        ValidationRunner checks = ValidationRunner.create(executor, clock);
        RecoveryValidator validator = RecoveryValidator.of(95.0, Duration.ofSeconds(30),
                http.standardCategories(siteUrl, o -> o.protectedPaths("/api/batteries")));  // application, performance, security
        return RecoveryRunbook.builder("trackingbms total outage", DisasterType.TOTAL_OUTAGE)
                .environment(TargetEnvironment.DRILL).restorePoint(RestorePoint.latest()).clock(clock)
                .step(RunbookSteps.provision(terraform))
                .step(RunbookSteps.restoreDatabase(database, FileTree.target(restoreRoot.resolve("db"))))
                .step(RunbookSteps.restoreApplicationFiles(files, FileTree.target(restoreRoot.resolve("app"))))
                .step(RunbookSteps.checkBmsConnectivity(checks, site, Duration.ofSeconds(10),
                        new CheckCategory("bms", http.bmsConnectivity(siteUrl, HttpChecks.RUNBOOK_BMS_SYSTEMS))))
                .step(RunbookSteps.validate(checks, validator, site))
                .build();
    }

    /** Writes the run's report as {@code report.html} and {@code report.json} into {@code dir}. */
    public static Path writeReport(RunbookResult result, Objectives objectives, Instant outageStartedAt, Path dir) throws IOException {
        RecoveryReport report = RecoveryReport.runbook(result, objectives, Optional.of(outageStartedAt));
        Files.writeString(dir.resolve("report.json"), report.toJson());
        return Files.writeString(dir.resolve("report.html"), report.toHtml());
    }
}
