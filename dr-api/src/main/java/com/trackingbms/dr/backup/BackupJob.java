package com.trackingbms.dr.backup;

import java.util.Objects;
import java.util.Optional;

/**
 * A recurring job of the backup strategy.
 *
 * @param type what the job does
 * @param schedule when it runs
 */
public record BackupJob(Type type, BackupSchedule schedule) {

    /** What a recurring job does. */
    public enum Type {
        /** Takes a full backup. */
        FULL_BACKUP(BackupKind.FULL),
        /** Takes a differential backup. */
        DIFFERENTIAL_BACKUP(BackupKind.DIFFERENTIAL),
        /** Takes an incremental backup (or ships WAL). */
        INCREMENTAL_BACKUP(BackupKind.INCREMENTAL),
        /** Restores the latest backup somewhere isolated and validates it. */
        RESTORE_TEST(null),
        /** Applies the retention policy. */
        CLEANUP(null);

        private final BackupKind kind;

        Type(BackupKind kind) {
            this.kind = kind;
        }

        /** The kind of backup this job takes, empty for restore tests and cleanups. */
        public Optional<BackupKind> backupKind() {
            return Optional.ofNullable(kind);
        }

        /** Lower-case name with dashes. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks both parts are present. */
    public BackupJob {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schedule, "schedule");
    }
}
