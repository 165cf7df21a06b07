package com.trackingbms.dr.backup;

import com.trackingbms.dr.crypto.Encryption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one complete backup, stored as JSON after its object is committed; a backup without a manifest is
 * never listed.
 *
 * @param id unique, sortable id ("20261126T020000Z-full-3fa9c1")
 * @param kind full, differential or incremental
 * @param parentId the backup this one builds on, or null for a full backup
 * @param startedAt when the backup started
 * @param finishedAt when its object was committed
 * @param source what was backed up
 * @param positions source positions covered (e.g. {@code start_lsn}, {@code stop_lsn})
 * @param rawBytes bytes the source wrote
 * @param storedBytes bytes stored (after compression and encryption)
 * @param sha256 hex SHA-256 of the stored bytes
 * @param compression how it was compressed
 * @param encryption AES-256-GCM or none
 * @param keyId the encryption key's id, or null when not encrypted
 * @param objectKey the key of the data object in the store
 * @param libraryVersion the version of this library that wrote it
 */
public record BackupManifest(String id, BackupKind kind, String parentId, Instant startedAt, Instant finishedAt,
                             String source, Map<String, String> positions, long rawBytes, long storedBytes,
                             String sha256, Compression compression, Encryption.Algorithm encryption, String keyId,
                             String objectKey, String libraryVersion) {

    /** Current manifest format version. */
    public static final int FORMAT_VERSION = 1;

    /** Checks the parts and copies the positions. */
    public BackupManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(source, "source");
        positions = Map.copyOf(positions);
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        if (kind == BackupKind.FULL && parentId != null) {
            throw new IllegalArgumentException("full backup " + id + " cannot have a parent");
        }
        if (kind != BackupKind.FULL && parentId == null) {
            throw new IllegalArgumentException(kind + " backup " + id + " needs a parent");
        }
        if (encryption == Encryption.Algorithm.AES_256_GCM && keyId == null) {
            throw new IllegalArgumentException("encrypted backup " + id + " needs a key id");
        }
    }

    /** The parent's id, empty for a full backup. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentId);
    }

    /** The key id, empty when not encrypted. */
    public Optional<String> key() {
        return Optional.ofNullable(keyId);
    }

    /** How long the backup took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** Raw bytes per stored byte (1.0 when incompressible or empty). */
    public double ratio() {
        return storedBytes == 0 ? 1.0 : (double) rawBytes / storedBytes;
    }
}
