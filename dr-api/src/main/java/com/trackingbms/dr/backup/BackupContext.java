package com.trackingbms.dr.backup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BackupSource} is asked to write.
 *
 * @param id the new backup's id
 * @param kind full, differential or incremental
 * @param parent the backup this one builds on (empty for a full backup); its positions say where to start
 * @param startedAt when the backup started, by the runner's clock
 */
public record BackupContext(String id, BackupKind kind, Optional<BackupManifest> parent, Instant startedAt) {

    /** Checks the parts are present and that only full backups lack a parent. */
    public BackupContext {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(startedAt, "startedAt");
        if (kind != BackupKind.FULL && parent.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " backup needs a parent backup");
        }
    }
}
