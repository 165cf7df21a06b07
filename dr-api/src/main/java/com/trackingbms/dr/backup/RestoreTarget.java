package com.trackingbms.dr.backup;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where a restore goes (a fresh PostgreSQL data directory, a directory tree, a Redis instance). The runner only
 * calls it after every backup of the chain has been staged locally and its SHA-256 and authentication tags checked.
 */
public interface RestoreTarget {

    /** Where the restore goes, without credentials. */
    String describe();

    /**
     * Consumes one verified backup. For a chain (full, then differential or incrementals) it is called once per
     * backup, oldest first. {@code data} is the decrypted, decompressed stream the source wrote.
     */
    void restore(BackupManifest manifest, InputStream data) throws IOException;
}
