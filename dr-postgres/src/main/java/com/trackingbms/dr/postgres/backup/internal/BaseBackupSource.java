package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.postgres.backup.PgTools;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pg_basebackup -Ft -D - -X fetch}: the whole cluster as one tar stream that already holds the WAL needed to
 * make it consistent, so a base backup restores on its own (total outage) and, with the archive, to any later point.
 * WAL streaming ({@code -X stream}) cannot write to stdout, and {@code -X none} would make every restore depend on the
 * archive; fetch needs the WAL of the backup's duration kept on the server ({@code wal_keep_size} or a slot).
 */
public final class BaseBackupSource implements BackupSource {

    private static final Pattern START = Pattern.compile("write-ahead log start point: ([0-9A-F]+/[0-9A-F]+) on timeline (\\d+)");
    private static final Pattern END = Pattern.compile("write-ahead log end point: ([0-9A-F]+/[0-9A-F]+)");

    private final PgTools tools;
    private final String label;

    /** Creates the source. */
    public BaseBackupSource(PgTools tools, String label) {
        this.tools = tools;
        this.label = label;
    }

    @Override
    public String describe() {
        return "pg_basebackup of " + tools.host() + ":" + tools.port();
    }

    @Override
    public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
        if (context.kind() != BackupKind.FULL) {
            throw new IllegalArgumentException("a base backup is a full backup, not " + context.kind()
                    + "; WAL shipping is the incremental part");
        }
        Map<String, String> positions = new LinkedHashMap<>();
        Run.run(tools.runner(), tools.client("pg_basebackup")
                .args("-Ft", "-D", "-", "-X", "fetch", "-c", "fast", "-v", "--no-manifest", "-l", label + " " + context.id())
                .onStderrLine(line -> {
                    Matcher m = START.matcher(line);
                    if (m.find()) {
                        synchronized (positions) {
                            positions.put("start_lsn", m.group(1));
                            positions.put("timeline", m.group(2));
                        }
                    }
                    Matcher e = END.matcher(line);
                    if (e.find()) {
                        synchronized (positions) {
                            positions.put("stop_lsn", e.group(1));
                        }
                    }
                })
                .stdout(in -> Run.copy(in, out)).build());
        synchronized (positions) {
            if (!positions.containsKey("start_lsn") || !positions.containsKey("stop_lsn")) {
                throw new IOException("pg_basebackup finished without reporting its WAL start and end points; "
                        + "the backup cannot be placed on the WAL timeline and is abandoned");
            }
            positions.put("format", "basebackup-tar");
            positions.put("start_segment", Lsn.parse(positions.get("start_lsn")).segmentName(Integer.parseInt(positions.get("timeline"))));
            return Map.copyOf(positions);
        }
    }
}
