package com.trackingbms.dr.backup;

/** What a backup holds relative to others. */
public enum BackupKind {
    /** Everything; depends on no other backup. */
    FULL,
    /** The changes since the last full backup (PostgreSQL: a per-database custom-format dump). */
    DIFFERENTIAL,
    /** The changes since the previous backup of any kind (PostgreSQL: WAL). */
    INCREMENTAL
}
