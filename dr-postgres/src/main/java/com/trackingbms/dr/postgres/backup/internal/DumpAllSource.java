package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.postgres.backup.PgTools;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** {@code pg_dumpall}: roles, tablespaces and every database as one SQL script, streamed into the pipeline. */
public final class DumpAllSource implements BackupSource {

    private final PgTools tools;

    /** Creates the source. */
    public DumpAllSource(PgTools tools) {
        this.tools = tools;
    }

    @Override
    public String describe() {
        return "pg_dumpall of " + tools.host() + ":" + tools.port();
    }

    @Override
    public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
        if (context.kind() != BackupKind.FULL) {
            throw new IllegalArgumentException("pg_dumpall takes full backups only, not " + context.kind()
                    + "; use a per-database dump for differentials and WAL for incrementals");
        }
        Run.run(tools.runner(), tools.client("pg_dumpall").args("-l", tools.database())
                .stdout(in -> Run.copy(in, out)).build());
        return Map.of("format", "dumpall", "server", tools.host() + ":" + tools.port());
    }
}
