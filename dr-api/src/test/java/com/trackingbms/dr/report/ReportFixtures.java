package com.trackingbms.dr.report;

import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.failover.DataLoss;
import com.trackingbms.dr.failover.FailoverResult;
import com.trackingbms.dr.failover.RecoveryTask;
import com.trackingbms.dr.failover.RecoveryTimeline;
import com.trackingbms.dr.failover.TimelineEntry;
import com.trackingbms.dr.failover.TimelineEntry.Kind;
import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.CheckStatus;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Results with known numbers, for checking what the reports compute and render. */
final class ReportFixtures {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Objectives OBJECTIVES = new Objectives(Duration.ofMinutes(15), Duration.ofMinutes(5), 99.99);

    private ReportFixtures() {
    }

    /** 20 checks in four categories, {@code failed} of them failing in "application". */
    static ValidationReport validation(int failed, String failedDetail) {
        List<CheckResult> results = new ArrayList<>();
        String[] categories = {"database", "application", "performance", "security"};
        int n = 0;
        for (String c : categories) {
            for (int i = 0; i < 5; i++) {
                boolean fail = c.equals("application") && i < failed;
                results.add(new CheckResult(c, c + " check " + i, fail ? CheckStatus.FAILED : CheckStatus.PASSED,
                        fail ? failedDetail : "ok", Duration.ofMillis(10 + n++)));
            }
        }
        return new ValidationReport("toronto", T0.plusSeconds(110), T0.plusSeconds(130), 95.0, results);
    }

    /** A completed failover: first failure at T0, validated at +130 s, loss known or not. */
    static FailoverResult failover(Duration validatedAfter, DataLoss loss, ValidationReport validation) {
        Instant v = T0.plus(validatedAfter);
        RecoveryTimeline timeline = new RecoveryTimeline(List.of(
                new TimelineEntry(T0, Kind.FIRST_FAILURE, "montreal", "probe /health timed out"),
                new TimelineEntry(T0.plusSeconds(90), Kind.DETECTED, "montreal", "3 consecutive failures"),
                new TimelineEntry(T0.plusSeconds(95), Kind.FENCED, "montreal", "read-only"),
                new TimelineEntry(T0.plusSeconds(100), Kind.PROMOTED, "toronto", "toronto-pg accepts writes"),
                new TimelineEntry(T0.plusSeconds(110), Kind.REROUTED, "toronto", "dns -> toronto"),
                new TimelineEntry(v, Kind.VALIDATED, "toronto", validation.summary()),
                new TimelineEntry(v.plusSeconds(1), Kind.COMPLETED, "toronto", "done")));
        return new FailoverResult("run-1", "trackingbms", FailoverResult.Kind.FAILOVER, FailoverResult.Status.COMPLETED,
                "montreal", "toronto", T0, T0.plusSeconds(90), v.plusSeconds(1), timeline, loss, OBJECTIVES,
                Optional.of(validation), Optional.of(new RecoveryTask("montreal", "toronto", v, "rejoin montreal as a standby of toronto")),
                false, false, "toronto promoted and validated");
    }

    static BackupManifest manifest(String id, Instant started, Duration took) {
        return new BackupManifest(id, BackupKind.FULL, null, started, started.plus(took), "pg_dumpall of montreal-db",
                Map.of("start_lsn", "0/3000028"), 10_000_000, 2_500_000, "ab".repeat(32), Compression.zstd(3),
                Encryption.Algorithm.AES_256_GCM, "k1", "backups/" + id + ".data", "0.1.0");
    }
}
