package com.trackingbms.dr.postgres.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/** How far a point-in-time restore replays WAL: to the end of the archive, to a time, or to a WAL position. */
public sealed interface RecoveryTarget {

    /** Replay every archived segment (the runbook's total outage: latest base backup plus all WAL). */
    static RecoveryTarget latest() {
        return new Latest();
    }

    /**
     * Replay up to, but not including, the first transaction committed after {@code time} (the runbook's data
     * corruption: a time just before the bad statement).
     */
    static RecoveryTarget time(Instant time) {
        return new Time(time);
    }

    /** Replay up to and including the WAL position {@code lsn} ("0/3000060"). */
    static RecoveryTarget lsn(String lsn) {
        return new Position(lsn);
    }

    /** The recovery settings for postgresql.auto.conf. */
    Map<String, String> settings();

    /** Short text for logs. */
    String describe();

    /** To the end of the archive. */
    record Latest() implements RecoveryTarget {
        @Override
        public Map<String, String> settings() {
            return Map.of("recovery_target_timeline", "latest");
        }

        @Override
        public String describe() {
            return "the end of the archived WAL";
        }
    }

    /**
     * To a time.
     *
     * @param time the target time (exclusive)
     */
    record Time(Instant time) implements RecoveryTarget {
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'")
                .withZone(ZoneOffset.UTC);

        /** Checks the time is present. */
        public Time {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("recovery_target_time", FORMAT.format(time), "recovery_target_inclusive", "off",
                    "recovery_target_action", "promote", "recovery_target_timeline", "latest");
        }

        @Override
        public String describe() {
            return "just before " + time;
        }
    }

    /**
     * To a WAL position.
     *
     * @param lsn the position, X/Y
     */
    record Position(String lsn) implements RecoveryTarget {
        /** Checks the position parses. */
        public Position {
            Objects.requireNonNull(lsn, "lsn");
            if (!lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
                throw new IllegalArgumentException("lsn '" + lsn + "' is not a WAL position of the form X/Y (e.g. 0/3000060)");
            }
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("recovery_target_lsn", lsn, "recovery_target_action", "promote", "recovery_target_timeline", "latest");
        }

        @Override
        public String describe() {
            return "WAL position " + lsn;
        }
    }
}
