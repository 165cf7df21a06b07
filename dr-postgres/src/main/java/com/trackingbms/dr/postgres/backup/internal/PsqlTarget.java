package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.postgres.backup.PgTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Replays a {@code pg_dumpall} script with {@code psql -v ON_ERROR_STOP=1}, so the first error stops the restore
 * instead of scrolling past. The one statement that always fails on a fresh cluster, {@code CREATE ROLE} of the
 * restoring superuser (who exists already), is left out; its {@code ALTER ROLE} still applies without the
 * {@code PASSWORD} clause, because the script's own {@code \connect}s authenticate with the target's password. Every
 * other role gets its password from the dump.
 */
public final class PsqlTarget implements RestoreTarget {

    private final PgTools tools;

    /** Creates the target. */
    public PsqlTarget(PgTools tools) {
        this.tools = tools;
    }

    @Override
    public String describe() {
        return "psql into " + tools.host() + ":" + tools.port();
    }

    @Override
    public void restore(BackupManifest manifest, InputStream data) throws IOException {
        String format = manifest.positions().getOrDefault("format", "");
        if (!format.equals("dumpall")) {
            throw new IllegalArgumentException("backup " + manifest.id() + " is a '" + format + "' backup, not a pg_dumpall script; "
                    + "restore custom or directory dumps with PostgresBackups.pgRestore(...) and base backups with dataDirectory(...)");
        }
        Run.run(tools.runner(), tools.client("psql").args("-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", tools.database(), "-f", "-")
                .maxCapturedStdout(64 * 1024)
                .stdin(stdin -> filter(data, stdin, tools.user())).build());
    }

    /** Drops {@code CREATE ROLE <user>;} from the globals section (before the first {@code \connect}), then copies the rest. */
    static void filter(InputStream in, OutputStream out, String user) throws IOException {
        String skip = "CREATE ROLE " + quoteIdent(user) + ";";
        String alter = "ALTER ROLE " + quoteIdent(user) + " WITH ";
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                byte[] l = line.toByteArray();
                line.reset();
                String text = new String(l, StandardCharsets.UTF_8).stripTrailing();
                if (text.equals(skip)) {
                    continue;
                }
                if (text.startsWith(alter) && text.contains(" PASSWORD '")) {
                    l = (text.replaceAll(" PASSWORD '[^']*'", "") + "\n").getBytes(StandardCharsets.UTF_8);
                }
                out.write(l);
                if (text.startsWith("\\connect")) {
                    break;
                }
            }
        }
        line.writeTo(out);
        Run.copy(in, out);
    }

    private static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
