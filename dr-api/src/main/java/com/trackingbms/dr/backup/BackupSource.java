package com.trackingbms.dr.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Something that can be backed up (a PostgreSQL cluster through pg_dump or WAL, a directory tree, a Redis snapshot).
 * The runner compresses, encrypts, hashes and stores what the source writes; the source only streams its bytes.
 */
public interface BackupSource {

    /** What is backed up, without credentials ("pg_dumpall of montreal-db:5433", "files under /srv/app"). */
    String describe();

    /**
     * Streams the backup into {@code out} and returns the source positions it covers, recorded in the manifest
     * (for PostgreSQL {@code start_lsn} and {@code stop_lsn}; empty when the source has none). Must not close
     * {@code out}. Throwing abandons the backup: nothing is stored and nothing is listed.
     *
     * @throws IllegalArgumentException when the source cannot take this kind of backup
     */
    Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException;
}
