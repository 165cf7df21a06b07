package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z"); // a Thursday

    private static List<BackupManifest> dailyFulls(int days) {
        List<BackupManifest> list = new ArrayList<>();
        for (int d = days - 1; d >= 0; d--) {
            Instant t = NOW.minusSeconds(86_400L * d).minusSeconds(3600);
            list.add(Manifests.of("full-" + d, BackupKind.FULL, null, t));
        }
        return list;
    }

    @Test
    void keepsTheNewestOfEachDayInTheWindowAndSaysWhyOthersGo() {
        List<BackupManifest> backups = new ArrayList<>(dailyFulls(10));
        backups.add(Manifests.of("full-0-early", BackupKind.FULL, null, NOW.minusSeconds(7200)));

        RetentionPlan plan = new RetentionPolicy(3, 0, 0, 0).evaluate(backups, NOW, UTC);

        assertThat(plan.kept()).extracting(BackupManifest::id).containsExactly("full-0", "full-1", "full-2");
        assertThat(plan.decisions()).filteredOn(d -> d.backup().id().equals("full-0-early")).singleElement()
                .satisfies(d -> assertThat(d.reasons()).containsExactly("superseded by full-0 as the daily backup of day 2026-11-26"));
        assertThat(plan.decisions()).filteredOn(d -> d.backup().id().equals("full-5")).singleElement()
                .satisfies(d -> assertThat(d.reasons().get(0)).startsWith("older than every rule's window"));
        assertThat(plan.decisions().get(0).describe()).isEqualTo("keep full-0: newest backup (always kept); newest of day 2026-11-26 (daily 1 of 3)");
    }

    @Test
    void weeklyMonthlyAndYearlyKeepOnePerPeriod() {
        List<BackupManifest> backups = dailyFulls(800);

        RetentionPlan plan = new RetentionPolicy(0, 2, 3, 3).evaluate(backups, NOW, UTC);

        // weekly: this week's newest (Thu 26th) and last Sunday (22nd); monthly: Nov 26, Oct 31, Sep 30;
        // yearly: 2026-11-26, 2025-12-31, 2024-12-31 (2024-09-18 is the oldest, but 2024's newest is Dec 31).
        assertThat(plan.kept()).extracting(b -> b.finishedAt().atZone(UTC).toLocalDate().toString())
                .containsExactly("2026-11-26", "2026-11-22", "2026-10-31", "2026-09-30", "2025-12-31", "2024-12-31");
    }

    @Test
    void aKeptIncrementalKeepsItsWholeChain() {
        List<BackupManifest> backups = List.of(
                Manifests.of("full", BackupKind.FULL, null, NOW.minusSeconds(86_400 * 3)),
                Manifests.of("inc1", BackupKind.INCREMENTAL, "full", NOW.minusSeconds(86_400 * 2)),
                Manifests.of("inc2", BackupKind.INCREMENTAL, "inc1", NOW.minusSeconds(86_400)),
                Manifests.of("old", BackupKind.FULL, null, NOW.minusSeconds(86_400 * 10)));

        RetentionPlan plan = new RetentionPolicy(1, 0, 0, 0).evaluate(backups, NOW, UTC);

        assertThat(plan.kept()).extracting(BackupManifest::id).containsExactly("inc2", "inc1", "full");
        assertThat(plan.decisions()).filteredOn(d -> d.backup().id().equals("full")).singleElement()
                .satisfies(d -> assertThat(d.reasons()).containsExactly("needed by inc1"));
        assertThat(plan.deleted()).extracting(BackupManifest::id).containsExactly("old");
    }

    @Test
    void keepAllKeepsEverythingAndANegativeCountKeepsNothingLikeZero() {
        assertThat(RetentionPolicy.KEEP_ALL.evaluate(dailyFulls(5), NOW, UTC).deleted()).isEmpty();
        assertThat(new RetentionPolicy(-1, 0, 0, 0).evaluate(dailyFulls(5), NOW, UTC).kept()).extracting(BackupManifest::id)
                .containsExactly("full-0");
    }

    @Test
    void daysAreCountedInThePolicyZone() {
        // 03:00 UTC on the 26th is still the 25th in Toronto.
        List<BackupManifest> backups = List.of(
                Manifests.of("a", BackupKind.FULL, null, Instant.parse("2026-11-26T03:00:00Z")),
                Manifests.of("b", BackupKind.FULL, null, Instant.parse("2026-11-26T01:00:00Z")));

        assertThat(new RetentionPolicy(2, 0, 0, 0).evaluate(backups, NOW, UTC).kept()).extracting(BackupManifest::id).containsExactly("a");
        assertThat(new RetentionPolicy(2, 0, 0, 0).evaluate(backups, NOW, ZoneId.of("America/Toronto")).kept())
                .extracting(BackupManifest::id).containsExactly("a");
        assertThat(new RetentionPolicy(3, 0, 0, 0).evaluate(List.of(Manifests.of("c", BackupKind.FULL, null, NOW.minusSeconds(86_400 * 3)),
                backups.get(0)), NOW, ZoneId.of("America/Toronto")).kept()).extracting(BackupManifest::id).containsExactly("a");
    }
}
