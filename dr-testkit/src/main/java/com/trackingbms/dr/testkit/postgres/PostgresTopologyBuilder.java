package com.trackingbms.dr.testkit.postgres;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.postgres.internal.ContainerPostgresTopology;
import com.trackingbms.dr.testkit.postgres.internal.LocalPostgresTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Describes a {@link PostgresTopology}; every setter checks its value, {@link #start()} creates the servers. */
public final class PostgresTopologyBuilder {

    private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final Pattern SETTING = Pattern.compile("[a-z][a-z0-9_.]*");

    private String primaryName = "primary";
    private final List<PostgresTopology.StandbySpec> standbys = new ArrayList<>();
    private String user = "postgres";
    private String database = "postgres";
    private PostgresBackend backend = PostgresBackend.AUTO;
    private Path baseDirectory;
    private Path binDirectory;
    private boolean fsync;
    private String serverUser = "postgres";
    private Duration startupTimeout = Duration.ofSeconds(60);
    private String containerImage = "postgres:15-alpine";
    private final Map<String, String> settings = new LinkedHashMap<>();

    PostgresTopologyBuilder() {
    }

    private static String ident(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!IDENT.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' must be a lower-case identifier"
                    + " (letters, digits, underscore, starting with a letter, at most 41 characters)");
        }
        return value;
    }

    /** The primary's name (default "primary"). */
    public PostgresTopologyBuilder primaryName(String name) {
        this.primaryName = ident("primaryName", name);
        return this;
    }

    /** Adds a standby; its name is also its application_name and replication slot name. */
    public PostgresTopologyBuilder standby(String name, ReplicationMode mode) {
        ident("standby name", name);
        Objects.requireNonNull(mode, "mode of standby " + name);
        standbys.add(new PostgresTopology.StandbySpec(name, mode));
        return this;
    }

    /** Adds {@code count} standbys named standby1, standby2, ... in the given mode. */
    public PostgresTopologyBuilder standbys(int count, ReplicationMode mode) {
        if (count < 0 || count > 8) {
            throw new IllegalArgumentException("standbys count must be between 0 and 8, got " + count);
        }
        int first = standbys.size() + 1;
        for (int i = 0; i < count; i++) {
            standby("standby" + (first + i), mode);
        }
        return this;
    }

    /** The superuser name (default "postgres"). */
    public PostgresTopologyBuilder user(String name) {
        this.user = ident("user", name);
        return this;
    }

    /** The database tests use; created when it is not "postgres" (default "postgres"). */
    public PostgresTopologyBuilder database(String name) {
        this.database = ident("database", name);
        return this;
    }

    /** Which backend runs the servers (default AUTO: local binaries, else Docker). */
    public PostgresTopologyBuilder backend(PostgresBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** Where node directories are created (default: a new directory under java.io.tmpdir). */
    public PostgresTopologyBuilder baseDirectory(Path dir) {
        this.baseDirectory = Objects.requireNonNull(dir, "baseDirectory");
        return this;
    }

    /** The PostgreSQL bin directory (default: found as {@link PostgresBinaries#locate()} says). */
    public PostgresTopologyBuilder binDirectory(Path dir) {
        this.binDirectory = Objects.requireNonNull(dir, "binDirectory");
        return this;
    }

    /**
     * Whether the servers fsync (default off: a killed process loses nothing the OS already holds, which is what these
     * tests simulate; turn it on to measure real commit latency).
     */
    public PostgresTopologyBuilder fsync(boolean on) {
        this.fsync = on;
        return this;
    }

    /** The unprivileged user servers run as when the JVM is root (default "postgres"). */
    public PostgresTopologyBuilder serverUser(String name) {
        this.serverUser = Objects.requireNonNull(name, "serverUser");
        return this;
    }

    /** How long each server may take to become ready (default 60 s). */
    public PostgresTopologyBuilder startupTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "startupTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, got " + timeout);
        }
        this.startupTimeout = timeout;
        return this;
    }

    /** The Docker image of the Testcontainers backend (default postgres:15-alpine). */
    public PostgresTopologyBuilder containerImage(String image) {
        this.containerImage = Objects.requireNonNull(image, "containerImage");
        return this;
    }

    /**
     * Adds a server setting for every node's postgresql.conf (copied to standbys), e.g. ("log_min_messages", "debug1").
     * Port, listen address and socket directory are managed by the topology.
     */
    public PostgresTopologyBuilder setting(String name, String value) {
        Objects.requireNonNull(name, "setting name");
        Objects.requireNonNull(value, "value of setting " + name);
        if (!SETTING.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name '" + name + "' is not a PostgreSQL parameter name");
        }
        if (List.of("port", "listen_addresses", "unix_socket_directories").contains(name)) {
            throw new IllegalArgumentException("setting " + name + " is managed by the topology (each node gets its own"
                    + " free port on 127.0.0.1); remove it");
        }
        settings.put(name, value);
        return this;
    }

    /**
     * Creates and starts the servers, returning once every standby streams from the primary.
     *
     * @throws IllegalStateException when names clash or no backend is available, with the fix
     * @throws PostgresStartException when a server cannot be set up, with its log tail
     */
    public PostgresTopology start() {
        Config config = config();
        PostgresBackend chosen = backend;
        if (chosen == PostgresBackend.AUTO) {
            boolean local = binDirectory != null || PostgresBinaries.find().isPresent()
                    || System.getenv("DR_PG_BIN") != null;
            chosen = local ? PostgresBackend.LOCAL
                    : ContainerPostgresTopology.dockerAvailable() ? PostgresBackend.TESTCONTAINERS : PostgresBackend.LOCAL;
        }
        return chosen == PostgresBackend.TESTCONTAINERS ? ContainerPostgresTopology.start(config)
                : LocalPostgresTopology.start(config);
    }

    /** The checked configuration, for the backends. */
    public Config config() {
        List<String> names = new ArrayList<>();
        names.add(primaryName);
        standbys.forEach(s -> names.add(s.name()));
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalStateException("node names must be unique, got " + names
                    + "; give each standby its own name");
        }
        return new Config(primaryName, List.copyOf(standbys), user, database, Optional.ofNullable(baseDirectory),
                Optional.ofNullable(binDirectory), fsync, serverUser, startupTimeout, containerImage,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /**
     * The checked settings of a topology (for backends).
     *
     * @param primaryName the primary's name
     * @param standbys the standbys in order
     * @param user the superuser
     * @param database the test database
     * @param baseDirectory where node directories go
     * @param binDirectory explicit bin directory
     * @param fsync whether servers fsync
     * @param serverUser the user servers run as when the JVM is root
     * @param startupTimeout per-server readiness timeout
     * @param containerImage the Docker image for containers
     * @param settings extra server settings, in the order given
     */
    public record Config(String primaryName, List<PostgresTopology.StandbySpec> standbys, String user, String database,
                         Optional<Path> baseDirectory, Optional<Path> binDirectory, boolean fsync, String serverUser,
                         Duration startupTimeout, String containerImage, Map<String, String> settings) {

        /** The names of the synchronous standbys, in order. */
        public List<String> synchronousStandbys() {
            return standbys.stream().filter(s -> s.mode() == ReplicationMode.SYNCHRONOUS)
                    .map(PostgresTopology.StandbySpec::name).toList();
        }

        /** The value of synchronous_standby_names: every synchronous standby must confirm a commit. */
        public String synchronousStandbyNames() {
            List<String> sync = synchronousStandbys();
            return sync.isEmpty() ? "" : "FIRST " + sync.size() + " (" + String.join(", ", sync) + ")";
        }
    }
}
