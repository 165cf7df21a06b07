package com.trackingbms.dr.backup;

import com.trackingbms.dr.crypto.Encryption;
import java.time.Instant;
import java.util.Map;

/** Manifests for retention tests, without a store. */
final class Manifests {

    private Manifests() {
    }

    static BackupManifest of(String id, BackupKind kind, String parent, Instant finished) {
        return new BackupManifest(id, kind, parent, finished.minusSeconds(60), finished, "test", Map.of(), 10, 10,
                "00".repeat(32), Compression.zstd(3), Encryption.Algorithm.NONE, null, "data/" + id + ".bin", "test");
    }
}
