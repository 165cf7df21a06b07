package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.backup.BackupManifest;
import java.util.Objects;

/**
 * One archived WAL file: a 16 MiB segment, or a timeline history file.
 *
 * @param name the file name PostgreSQL uses ("000000010000000000000003", "00000002.history")
 * @param timeline the timeline
 * @param startLsn the first position the segment covers ("0/3000000"); empty for history files
 * @param endLsn the position just after it; empty for history files
 * @param manifest the manifest it was stored with (sizes, SHA-256, key id)
 */
public record WalSegment(String name, int timeline, String startLsn, String endLsn, BackupManifest manifest) {

    /** Checks the parts are present. */
    public WalSegment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startLsn, "startLsn");
        Objects.requireNonNull(endLsn, "endLsn");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** Whether this is a timeline history file rather than a segment. */
    public boolean isHistory() {
        return name.endsWith(".history");
    }
}
