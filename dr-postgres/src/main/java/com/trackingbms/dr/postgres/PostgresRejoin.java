package com.trackingbms.dr.postgres;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandResult;
import com.trackingbms.dr.exec.CommandRunner;
import com.trackingbms.dr.exec.RunAs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a fenced old primary into a streaming standby of the new primary: checkpoint the new primary (so that
 * pg_rewind sees the new timeline), stop the old server, {@code pg_rewind} it from the new primary, point it at the
 * new primary with {@code standby.signal}, {@code primary_conninfo} and a replication slot, start it, lift the fence
 * (a standby is read-only anyway, and a fence left in place would make a later promotion refuse writes), and wait
 * until it streams. The old primary needs data checksums or {@code wal_log_hints}.
 *
 * <p>The replication password goes into a passfile (mode 0600, owned by the server user) next to the data
 * directory, never into a command line or {@code postgresql.auto.conf}.
 */
public final class PostgresRejoin {

    private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");

    private final PostgresNode node;
    private final Path dataDirectory;
    private final Path binDirectory;
    private final Optional<RunAs> runAs;
    private final PostgresNode.ServerControl control;
    private final String standbyName;
    private final Duration timeout;
    private final CommandRunner runner;
    private final Clock clock;

    private PostgresRejoin(Builder b) {
        this.node = b.node;
        this.dataDirectory = b.dataDirectory;
        this.binDirectory = b.binDirectory;
        this.runAs = Optional.ofNullable(b.runAs);
        this.control = b.control;
        this.standbyName = b.standbyName;
        this.timeout = b.timeout;
        this.runner = b.runner;
        this.clock = b.clock;
    }

    /** Describes the old primary that is to rejoin. */
    public static Builder builder(PostgresNode oldPrimary) {
        return new Builder(oldPrimary);
    }

    /**
     * Rejoins as a standby of {@code newPrimary}.
     *
     * @param synchronous whether to make it the new primary's synchronous standby once it streams
     * @return the output of pg_rewind ("no rewind required" or what it copied), for the timeline
     */
    public String rejoin(PostgresNode newPrimary, boolean synchronous) throws Exception {
        Instant deadline = clock.instant().plus(timeout);
        try (Connection c = newPrimary.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            try (PreparedStatement p = c.prepareStatement("SELECT pg_create_physical_replication_slot(?)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
                p.setString(1, standbyName);
                p.setString(2, standbyName);
                p.execute();
            }
        }
        try {
            control.stop();
        } catch (Exception e) {
            // A crashed server is already down; pg_rewind below recovers it in single-user mode first.
        }
        Path passfile = dataDirectory.toAbsolutePath().getParent().resolve("dr-rejoin.pgpass");
        writeOwned(passfile, "*:*:*:" + newPrimaryUser(newPrimary) + ":" + escape(newPrimary.passwordForReplication()) + "\n", "rw-------");
        CommandResult rewind = runner.run(command(binDirectory.resolve("pg_rewind").toString())
                .args("--target-pgdata=" + dataDirectory, "--source-server=" + conninfo(newPrimary, passfile, "postgres"))
                .timeout(remaining(deadline)).build());
        writeOwned(dataDirectory.resolve("standby.signal"), "", "rw-------");
        String settings = "\n# rejoined as a standby of " + newPrimary.name() + " at " + clock.instant() + "\n"
                + "primary_conninfo = '" + conninfo(newPrimary, passfile, null).replace("'", "''") + "'\n"
                + "primary_slot_name = '" + standbyName + "'\n"
                + "synchronous_standby_names = ''\n"
                + "default_transaction_read_only = off\n";
        Files.writeString(dataDirectory.resolve("postgresql.auto.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        control.start();
        awaitStreaming(newPrimary, deadline);
        if (synchronous) {
            try (Connection c = newPrimary.connect(); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (\"" + standbyName + "\")'");
                s.execute("SELECT pg_reload_conf()");
            }
        }
        return (rewind.stdout() + "\n" + rewind.stderrTail()).trim();
    }

    private void awaitStreaming(PostgresNode newPrimary, Instant deadline) throws Exception {
        while (true) {
            try (Connection c = newPrimary.connect();
                 PreparedStatement p = c.prepareStatement("SELECT count(*) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming'")) {
                p.setString(1, standbyName);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        return;
                    }
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new RejoinException(node.name() + " did not start streaming from " + newPrimary.name() + " within "
                        + Durations.format(timeout) + "; check its server log");
            }
            Thread.sleep(50);
        }
    }

    private Command.Builder command(String program) {
        Command.Builder b = Command.builder(program);
        runAs.ifPresent(b::runAs);
        return b;
    }

    private String conninfo(PostgresNode newPrimary, Path passfile, String dbname) {
        return "host=" + newPrimary.host() + " port=" + newPrimary.port() + " user=" + newPrimaryUser(newPrimary)
                + " passfile=" + passfile + " application_name=" + standbyName + " connect_timeout=2"
                + (dbname == null ? "" : " dbname=" + dbname);
    }

    private static String newPrimaryUser(PostgresNode newPrimary) {
        return newPrimary.user();
    }

    /** In a passfile, ':' and '\' in a field are escaped with '\'. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    private void writeOwned(Path file, String content, String permissions) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (runAs.isPresent() && runAs.get().needsSwitch()) {
            runAs.get().chown(file);
        }
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }

    /** Describes the old primary's local server. */
    public static final class Builder {
        private final PostgresNode node;
        private Path dataDirectory;
        private Path binDirectory;
        private RunAs runAs;
        private PostgresNode.ServerControl control;
        private String standbyName;
        private Duration timeout = Duration.ofMinutes(5);
        private CommandRunner runner = CommandRunner.local();
        private Clock clock = Clock.systemUTC();

        private Builder(PostgresNode node) {
            this.node = Objects.requireNonNull(node, "oldPrimary");
            this.standbyName = node.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        }

        /** The old primary's data directory. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Where pg_rewind is (the same major version as the servers). */
        public Builder binDirectory(Path value) {
            this.binDirectory = Objects.requireNonNull(value, "binDirectory");
            return this;
        }

        /** The operating-system user that owns the data directory, when it is not the JVM's user. */
        public Builder runAs(RunAs value) {
            this.runAs = value;
            return this;
        }

        /** Stops and starts the old primary's server. */
        public Builder serverControl(PostgresNode.ServerControl value) {
            this.control = Objects.requireNonNull(value, "serverControl");
            return this;
        }

        /** The standby's application_name and slot name (default: the node name, lower case, '_' for others). */
        public Builder standbyName(String value) {
            if (value == null || !SLOT.matcher(value).matches()) {
                throw new IllegalArgumentException("standbyName '" + value + "' is not a valid slot name; use 1-63 of a-z, 0-9 and _");
            }
            this.standbyName = value;
            return this;
        }

        /** How long the whole rejoin may take (default 5 minutes). */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive(value, "timeout", "Duration.ofMinutes(5)");
            return this;
        }

        /** The runner for pg_rewind (default: local processes). */
        public Builder runner(CommandRunner value) {
            this.runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        /** The clock for the deadline. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The rejoin, checked for completeness. */
        public PostgresRejoin build() {
            StringBuilder missing = new StringBuilder();
            if (dataDirectory == null) {
                missing.append(" dataDirectory");
            }
            if (binDirectory == null) {
                missing.append(" binDirectory");
            }
            if (control == null) {
                missing.append(" serverControl");
            }
            if (!SLOT.matcher(standbyName).matches()) {
                missing.append(" standbyName");
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("rejoin of " + node.name() + " needs" + missing + "; set them on the builder");
            }
            return new PostgresRejoin(this);
        }
    }
}
