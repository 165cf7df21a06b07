package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Ports;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandRunner;
import com.trackingbms.dr.exec.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the library reaches one PostgreSQL server with its client programs (pg_dump, pg_basebackup, psql...): where the
 * binaries are, host, port, user and password (handed to each program in {@code PGPASSWORD}, never in arguments), the
 * command runner and the longest time one program may run. Immutable; build one with {@link #builder()}.
 */
public final class PgTools {

    private final Path bin;
    private final String host;
    private final int port;
    private final String user;
    private final Secret password;
    private final String database;
    private final CommandRunner runner;
    private final Duration timeout;
    private final RunAs serverUser;

    private PgTools(Builder b) {
        this.bin = b.bin;
        this.host = b.host;
        this.port = b.port;
        this.user = b.user;
        this.password = b.password;
        this.database = b.database;
        this.runner = b.runner;
        this.timeout = b.timeout;
        this.serverUser = b.serverUser;
    }

    /** A builder; host, port and bin directory are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bin = bin;
        b.host = host;
        b.port = port;
        b.user = user;
        b.password = password;
        b.database = database;
        b.runner = runner;
        b.timeout = timeout;
        b.serverUser = serverUser;
        return b;
    }

    /** The same tools pointed at another server (a restored one). */
    public PgTools withPort(int otherPort) {
        return toBuilder().port(otherPort).build();
    }

    /** The bin directory. */
    public Path binDirectory() {
        return bin;
    }

    /** The path of one program ("pg_dump"). */
    public Path tool(String name) {
        return bin.resolve(name);
    }

    /** The host. */
    public String host() {
        return host;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** The user. */
    public String user() {
        return user;
    }

    /** The maintenance database the tools connect to when none is named (default "postgres"). */
    public String database() {
        return database;
    }

    /** The password, for JDBC connections of the library. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** The runner every program goes through. */
    public CommandRunner runner() {
        return runner;
    }

    /** The longest time one program may run. */
    public Duration timeout() {
        return timeout;
    }

    /** The operating-system user that owns data directories and runs servers the library starts, if any. */
    public Optional<RunAs> serverUser() {
        return Optional.ofNullable(serverUser);
    }

    /** A JDBC URL for a database of this server, without credentials. */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    /** A command for a client program with the connection options ({@code -h -p -U -w}) and the password in the environment. */
    public Command.Builder client(String program) {
        Command.Builder b = Command.builder(tool(program).toString())
                .args("-h", host, "-p", Integer.toString(port), "-U", user, "-w")
                .timeout(timeout);
        if (password != null) {
            b.secretEnv("PGPASSWORD", password);
        }
        return b;
    }

    /** A command for a server-side program (pg_ctl, pg_controldata), run as the server user when there is one. */
    public Command.Builder server(String program) {
        Command.Builder b = Command.builder(tool(program).toString()).timeout(timeout);
        if (serverUser != null) {
            b.runAs(serverUser);
        }
        return b;
    }

    @Override
    public String toString() {
        return "PgTools[" + user + "@" + host + ":" + port + ", " + bin + "]";
    }

    /** Collects the settings; each setter checks its value and names it. */
    public static final class Builder {
        private Path bin;
        private String host;
        private int port;
        private String user = "postgres";
        private Secret password;
        private String database = "postgres";
        private CommandRunner runner = CommandRunner.local();
        private Duration timeout = Duration.ofHours(6);
        private RunAs serverUser;

        private Builder() {
        }

        /** The PostgreSQL bin directory (e.g. /usr/lib/postgresql/15/bin); it must hold pg_dump. */
        public Builder binDirectory(Path value) {
            Objects.requireNonNull(value, "binDirectory");
            if (!Files.isExecutable(value.resolve("pg_dump"))) {
                throw new IllegalArgumentException("binDirectory " + value + " has no executable pg_dump; give the PostgreSQL bin directory");
            }
            this.bin = value;
            return this;
        }

        /** The host. */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("host is blank; give a host name or address");
            }
            this.host = value;
            return this;
        }

        /** The port (1-65535). */
        public Builder port(int value) {
            this.port = Ports.require(value, "port", "the server's TCP port");
            return this;
        }

        /** The user (default postgres); backups need a superuser or a role with replication and read rights. */
        public Builder user(String value) {
            Objects.requireNonNull(value, "user");
            if (value.isBlank()) {
                throw new IllegalArgumentException("user is blank");
            }
            this.user = value;
            return this;
        }

        /** The password (handed to programs in PGPASSWORD). */
        public Builder password(Secret value) {
            this.password = Objects.requireNonNull(value, "password");
            return this;
        }

        /** The maintenance database (default postgres). */
        public Builder database(String value) {
            Objects.requireNonNull(value, "database");
            if (value.isBlank()) {
                throw new IllegalArgumentException("database is blank");
            }
            this.database = value;
            return this;
        }

        /** The command runner (default {@link CommandRunner#local()}). */
        public Builder runner(CommandRunner value) {
            this.runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        /** The longest time one program may run (default 6 h). */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive(value, "timeout", "Duration.ofHours(6) (the default)");
            return this;
        }

        /** The OS user that owns restored data directories and runs restored servers (needed when the JVM is root). */
        public Builder serverUser(RunAs value) {
            this.serverUser = Objects.requireNonNull(value, "serverUser");
            return this;
        }

        /** The tools. */
        public PgTools build() {
            if (bin == null) {
                throw new IllegalStateException("binDirectory is required: the PostgreSQL bin directory, e.g. /usr/lib/postgresql/15/bin");
            }
            if (host == null) {
                throw new IllegalStateException("host is required");
            }
            if (port == 0) {
                throw new IllegalStateException("port is required");
            }
            return new PgTools(this);
        }
    }
}
