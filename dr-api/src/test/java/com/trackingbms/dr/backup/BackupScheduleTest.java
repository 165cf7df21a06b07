package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {

    @Test
    void aDailyRunInTheSpringForwardGapMovesForwardInsteadOfBeingSkipped() {
        List<ZonedDateTime> runs = BackupSchedule.cron("30 2 * * *", "America/Toronto")
                .nextRuns(Instant.parse("2026-03-07T12:00:00Z"), 3);
        assertThat(runs).extracting(ZonedDateTime::toString).containsExactly(
                "2026-03-08T03:30-04:00[America/Toronto]",
                "2026-03-09T02:30-04:00[America/Toronto]",
                "2026-03-10T02:30-04:00[America/Toronto]");
    }

    @Test
    void aDailyRunInTheFallBackOverlapHappensOnceAtTheEarlierOffset() {
        List<ZonedDateTime> runs = BackupSchedule.cron("30 1 * * *", "America/Toronto")
                .nextRuns(Instant.parse("2026-10-31T12:00:00Z"), 3);
        assertThat(runs).extracting(ZonedDateTime::toString).containsExactly(
                "2026-11-01T01:30-04:00[America/Toronto]",
                "2026-11-02T01:30-05:00[America/Toronto]",
                "2026-11-03T01:30-05:00[America/Toronto]");
    }

    @Test
    void sundayRestoreTestAndIntervals() {
        assertThat(BackupSchedule.cron("0 1 * * 0", "UTC").nextRuns(Instant.parse("2026-11-26T00:00:00Z"), 2))
                .extracting(ZonedDateTime::toString).containsExactly("2026-11-29T01:00Z[UTC]", "2026-12-06T01:00Z[UTC]");
        assertThat(BackupSchedule.every(java.time.Duration.ofHours(4)).nextRuns(Instant.parse("2026-11-26T00:00:00Z"), 2))
                .extracting(ZonedDateTime::toInstant).containsExactly(Instant.parse("2026-11-26T04:00:00Z"), Instant.parse("2026-11-26T08:00:00Z"));
    }

    @Test
    void problemsNameThePath() {
        assertThat(BackupSchedule.cron("61 * * * *", "UTC").problems("backups.full-backup"))
                .extracting(p -> p.path()).containsExactly("backups.full-backup.cron");
        assertThat(BackupSchedule.cron("0 2 * * *", "UTC").problems("x")).isEmpty();
    }
}
