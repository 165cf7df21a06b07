package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The production retention against a deliberately plain reference, on random histories with chains. */
class RetentionPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/Toronto"), ZoneId.of("Asia/Kolkata"));

    record Scenario(List<BackupManifest> backups, RetentionPolicy policy, ZoneId zone) {
        @Override
        public String toString() {
            return policy.describe() + " in " + zone + ": " + backups.stream()
                    .map(b -> b.id() + "@" + b.finishedAt() + (b.parentId() == null ? "" : "<-" + b.parentId()))
                    .collect(Collectors.joining(", "));
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<long[]> entry = Combinators.combine(
                Arbitraries.longs().between(-3600, 3L * 366 * 24 * 3600), // seconds before now (a few in the future)
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1000))
                .as((ago, kind, pick) -> new long[] {ago, kind, pick});
        Arbitrary<List<long[]>> entries = entry.list().ofMaxSize(60);
        Arbitrary<RetentionPolicy> policies = Combinators.combine(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 4))
                .as(RetentionPolicy::new);
        return Combinators.combine(entries, policies, Arbitraries.of(ZONES)).as(RetentionPropertiesTest::build);
    }

    private static Scenario build(List<long[]> entries, RetentionPolicy policy, ZoneId zone) {
        List<long[]> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((long[] e) -> e[0]).reversed()); // oldest first
        List<BackupManifest> made = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            long[] e = sorted.get(i);
            Instant finished = NOW.minusSeconds(e[0]);
            List<BackupManifest> fulls = made.stream().filter(m -> m.kind() == BackupKind.FULL).toList();
            BackupKind kind = BackupKind.values()[(int) e[1]];
            String parent = null;
            if (kind == BackupKind.DIFFERENTIAL && !fulls.isEmpty()) {
                parent = fulls.get((int) (e[2] % fulls.size())).id();
            } else if (kind == BackupKind.INCREMENTAL && !made.isEmpty()) {
                parent = made.get((int) (e[2] % made.size())).id();
            } else {
                kind = BackupKind.FULL;
            }
            made.add(Manifests.of(String.format("b%03d", i), kind, parent, finished));
        }
        return new Scenario(made, policy, zone);
    }

    @Property(tries = 400)
    void keepsExactlyWhatTheReferenceKeeps(@ForAll("scenarios") Scenario s) {
        RetentionPlan plan = s.policy().evaluate(s.backups(), NOW, s.zone());

        assertThat(ids(plan.kept())).as(s.toString()).isEqualTo(reference(s.policy(), s.backups(), NOW, s.zone()));
        assertThat(plan.decisions()).hasSize(s.backups().size());
        assertThat(plan.decisions()).allSatisfy(d -> assertThat(d.reasons()).isNotEmpty());
    }

    @Property(tries = 300)
    void neverDeletesWhatAKeptBackupDependsOnNorTheNewest(@ForAll("scenarios") Scenario s) {
        RetentionPlan plan = s.policy().evaluate(s.backups(), NOW, s.zone());
        Set<String> kept = ids(plan.kept());

        for (BackupManifest b : plan.kept()) {
            if (b.parentId() != null) {
                assertThat(kept).as("parent of kept %s", b.id()).contains(b.parentId());
            }
        }
        s.backups().stream().max(Comparator.comparing(BackupManifest::finishedAt).thenComparing(BackupManifest::id))
                .ifPresent(newest -> assertThat(kept).contains(newest.id()));
    }

    @Property(tries = 300)
    void largerCountsKeepASuperset(@ForAll("scenarios") Scenario s) {
        RetentionPolicy p = s.policy();
        RetentionPolicy more = new RetentionPolicy(p.daily() + 1, p.weekly() + 1, p.monthly() + 1, p.yearly() + 1);

        assertThat(ids(more.evaluate(s.backups(), NOW, s.zone()).kept())).containsAll(ids(p.evaluate(s.backups(), NOW, s.zone()).kept()));
    }

    private static Set<String> ids(List<BackupManifest> list) {
        return list.stream().map(BackupManifest::id).collect(Collectors.toSet());
    }

    /** The rules, written out one backup at a time with no sorting or bucketing tricks. */
    static Set<String> reference(RetentionPolicy p, List<BackupManifest> all, Instant now, ZoneId zone) {
        Set<String> kept = new HashSet<>();
        if (p.keepsAll()) {
            all.forEach(b -> kept.add(b.id()));
            return kept;
        }
        BackupManifest newest = null;
        for (BackupManifest b : all) {
            if (newest == null || newer(b, newest)) {
                newest = b;
            }
        }
        if (newest != null) {
            kept.add(newest.id());
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        for (BackupManifest b : all) {
            if (b.finishedAt().isAfter(now)) {
                kept.add(b.id());
                continue;
            }
            LocalDate day = b.finishedAt().atZone(zone).toLocalDate();
            for (Retention.Period period : Retention.Period.values()) {
                int count = p.count(period);
                if (count == 0 || !inWindow(period, day, today, count)) {
                    continue;
                }
                boolean newestOfBucket = true;
                for (BackupManifest c : all) {
                    if (c != b && !c.finishedAt().isAfter(now) && sameBucket(period, c.finishedAt().atZone(zone).toLocalDate(), day)
                            && newer(c, b)) {
                        newestOfBucket = false;
                    }
                }
                if (newestOfBucket) {
                    kept.add(b.id());
                }
            }
        }
        Map<String, BackupManifest> byId = new HashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String id : new ArrayList<>(kept)) {
                String parent = byId.get(id).parentId();
                if (parent != null && byId.containsKey(parent) && kept.add(parent)) {
                    changed = true;
                }
            }
        }
        return kept;
    }

    private static boolean newer(BackupManifest a, BackupManifest b) {
        int c = a.finishedAt().compareTo(b.finishedAt());
        return c > 0 || (c == 0 && a.id().compareTo(b.id()) > 0);
    }

    private static boolean inWindow(Retention.Period period, LocalDate day, LocalDate today, int count) {
        return switch (period) {
            case DAILY -> day.plusDays(count).isAfter(today);
            case WEEKLY -> weekStart(day).plusWeeks(count).isAfter(weekStart(today));
            case MONTHLY -> YearMonth.from(day).plusMonths(count).isAfter(YearMonth.from(today));
            case YEARLY -> day.getYear() + count > today.getYear();
        };
    }

    private static LocalDate weekStart(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static boolean sameBucket(Retention.Period period, LocalDate a, LocalDate b) {
        return switch (period) {
            case DAILY -> a.equals(b);
            case WEEKLY -> a.get(IsoFields.WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_BASED_YEAR)
                    && a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY -> YearMonth.from(a).equals(YearMonth.from(b));
            case YEARLY -> a.getYear() == b.getYear();
        };
    }

}
