package com.trackingbms.dr.backup.internal;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.Retention;
import com.trackingbms.dr.backup.RetentionPlan;
import com.trackingbms.dr.backup.RetentionPolicy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grandfather-father-son evaluation: one pass per rule over the backups sorted newest first, then the dependency closure. */
public final class GfsRetention {

    /** Newest first: by finish time, then id, so ties are decided the same way everywhere. */
    public static final Comparator<BackupManifest> NEWEST_FIRST =
            Comparator.comparing(BackupManifest::finishedAt).thenComparing(BackupManifest::id).reversed();

    private GfsRetention() {
    }

    /** See {@link RetentionPolicy#evaluate}. */
    public static RetentionPlan evaluate(RetentionPolicy policy, List<BackupManifest> backups, Instant now, ZoneId zone) {
        List<BackupManifest> sorted = new ArrayList<>(backups);
        sorted.sort(NEWEST_FIRST);
        Map<String, List<String>> keepReasons = new LinkedHashMap<>();
        Map<String, String> superseded = new HashMap<>();
        if (policy.keepsAll()) {
            sorted.forEach(b -> keepReasons.computeIfAbsent(b.id(), k -> new ArrayList<>()).add("the policy keeps everything"));
        } else {
            if (!sorted.isEmpty()) {
                keepReasons.computeIfAbsent(sorted.get(0).id(), k -> new ArrayList<>()).add("newest backup (always kept)");
            }
            for (BackupManifest b : sorted) {
                if (b.finishedAt().isAfter(now)) {
                    keepReasons.computeIfAbsent(b.id(), k -> new ArrayList<>()).add("finished after now (clock skew?)");
                }
            }
            LocalDate today = now.atZone(zone).toLocalDate();
            for (Retention.Period period : Retention.Period.values()) {
                int count = policy.count(period);
                if (count <= 0) {
                    continue;
                }
                Map<Long, String> newestOfBucket = new HashMap<>();
                for (BackupManifest b : sorted) {
                    if (b.finishedAt().isAfter(now)) {
                        continue;
                    }
                    LocalDate day = b.finishedAt().atZone(zone).toLocalDate();
                    long distance = distance(period, day, today);
                    if (distance >= count) {
                        continue;
                    }
                    String winner = newestOfBucket.putIfAbsent(distance, b.id());
                    if (winner == null) {
                        keepReasons.computeIfAbsent(b.id(), k -> new ArrayList<>())
                                .add("newest of " + label(period, day) + " (" + period.name().toLowerCase(java.util.Locale.ROOT)
                                        + " " + (distance + 1) + " of " + count + ")");
                    } else {
                        superseded.putIfAbsent(b.id(), "superseded by " + winner + " as the "
                                + period.name().toLowerCase(java.util.Locale.ROOT) + " backup of " + label(period, day));
                    }
                }
            }
            Map<String, BackupManifest> byId = new HashMap<>();
            sorted.forEach(b -> byId.put(b.id(), b));
            // Oldest kept first would miss chains; walk each kept backup's parents instead (chains are short).
            for (String keptId : new ArrayList<>(keepReasons.keySet())) {
                BackupManifest b = byId.get(keptId);
                while (b != null && b.parentId() != null) {
                    BackupManifest parent = byId.get(b.parentId());
                    if (parent == null) {
                        break;
                    }
                    keepReasons.computeIfAbsent(parent.id(), k -> new ArrayList<>()).add("needed by " + b.id());
                    b = parent;
                }
            }
        }
        List<RetentionPlan.Decision> decisions = new ArrayList<>();
        for (BackupManifest b : sorted) {
            List<String> reasons = keepReasons.get(b.id());
            if (reasons != null) {
                decisions.add(new RetentionPlan.Decision(b, true, dedupe(reasons)));
            } else {
                String why = superseded.getOrDefault(b.id(), "older than every rule's window (" + policy.describe() + ")");
                decisions.add(new RetentionPlan.Decision(b, false, List.of(why)));
            }
        }
        return new RetentionPlan(policy, decisions);
    }

    private static List<String> dedupe(List<String> reasons) {
        return reasons.stream().distinct().toList();
    }

    /** Whole periods between the period holding {@code day} and the one holding {@code today} (0 = same period). */
    static long distance(Retention.Period period, LocalDate day, LocalDate today) {
        return switch (period) {
            case DAILY -> ChronoUnit.DAYS.between(day, today);
            case WEEKLY -> ChronoUnit.WEEKS.between(monday(day), monday(today));
            case MONTHLY -> ChronoUnit.MONTHS.between(day.withDayOfMonth(1), today.withDayOfMonth(1));
            case YEARLY -> today.getYear() - day.getYear();
        };
    }

    private static LocalDate monday(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static String label(Retention.Period period, LocalDate day) {
        return switch (period) {
            case DAILY -> "day " + day;
            case WEEKLY -> String.format(java.util.Locale.ROOT, "week %d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> "month " + day.toString().substring(0, 7);
            case YEARLY -> "year " + day.getYear();
        };
    }
}
