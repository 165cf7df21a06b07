package com.trackingbms.dr.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Problem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** When a job runs: a five-field Unix cron expression in a time zone, or a fixed interval. */
public sealed interface BackupSchedule {

    /** A cron schedule ({@code "0 2 * * *"}: every day at 02:00) in the given zone ({@code "America/Toronto"}). */
    static BackupSchedule cron(String expression, String zone) {
        return new Cron(expression, zone);
    }

    /** A fixed interval, counted from the scheduler's start. */
    static BackupSchedule every(Duration interval) {
        return new Interval(interval);
    }

    /** Why the schedule cannot run (empty when it can), reported under {@code path}. */
    List<Problem> problems(String path);

    /** The next {@code count} run times strictly after {@code after}, in the schedule's zone (UTC for intervals). */
    List<ZonedDateTime> nextRuns(Instant after, int count);

    /** Short human text. */
    String describe();

    /**
     * A cron schedule.
     *
     * @param expression five fields: minute, hour, day of month, month, day of week
     * @param zone a time-zone id
     */
    record Cron(String expression, String zone) implements BackupSchedule {

        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** Checks that both parts are present; their syntax is checked by {@link #problems(String)}. */
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public List<Problem> problems(String path) {
            List<Problem> problems = new ArrayList<>();
            try {
                PARSER.parse(expression).validate();
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path + ".cron", "cron expression '" + expression + "' is invalid (" + e.getMessage() + ")",
                        "use five fields: minute hour day-of-month month day-of-week, e.g. '0 2 * * *'"));
            }
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                problems.add(new Problem(path + ".zone", "time zone '" + zone + "' is unknown",
                        "use a region id such as 'America/Toronto' or 'UTC'"));
            }
            return problems;
        }

        /** The zone as a {@link ZoneId}. */
        public ZoneId zoneId() {
            return ZoneId.of(zone);
        }

        /**
         * Evaluates the expression on the zone's wall clock, then places each time in the zone. A run that falls
         * in a daylight-saving gap (02:00 on a spring-forward night) moves forward by the gap instead of being
         * skipped, and a run in an overlap happens once, at the earlier offset: a daily backup happens every day.
         */
        @Override
        public List<ZonedDateTime> nextRuns(Instant after, int count) {
            ExecutionTime execution = ExecutionTime.forCron(PARSER.parse(expression));
            ZoneId zoneId = zoneId();
            List<ZonedDateTime> runs = new ArrayList<>(count);
            ZonedDateTime wallClock = after.atZone(zoneId).toLocalDateTime().atZone(ZoneOffset.UTC);
            Instant last = after;
            while (runs.size() < count) {
                Optional<ZonedDateTime> next = execution.nextExecution(wallClock);
                if (next.isEmpty()) {
                    break;
                }
                wallClock = next.get();
                ZonedDateTime run = ZonedDateTime.ofLocal(wallClock.toLocalDateTime(), zoneId, null);
                if (run.toInstant().isAfter(last)) {
                    runs.add(run);
                    last = run.toInstant();
                }
            }
            return List.copyOf(runs);
        }

        @Override
        public String describe() {
            return "cron '" + expression + "' " + zone;
        }
    }

    /**
     * A fixed interval.
     *
     * @param interval time between runs, positive
     */
    record Interval(Duration interval) implements BackupSchedule {

        /** Checks the interval is present. */
        public Interval {
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public List<Problem> problems(String path) {
            if (interval.isZero() || interval.isNegative()) {
                return List.of(new Problem(path + ".every", "interval " + Durations.format(interval) + " is not positive",
                        "give a positive duration, e.g. every(Duration.ofHours(4))"));
            }
            return List.of();
        }

        @Override
        public List<ZonedDateTime> nextRuns(Instant after, int count) {
            List<ZonedDateTime> runs = new ArrayList<>(count);
            Instant cursor = after;
            for (int i = 0; i < count; i++) {
                cursor = cursor.plus(interval);
                runs.add(cursor.atZone(ZoneId.of("UTC")));
            }
            return List.copyOf(runs);
        }

        @Override
        public String describe() {
            return "every " + Durations.format(interval);
        }
    }
}
