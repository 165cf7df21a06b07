package com.trackingbms.dr.testkit.postgres;

import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory of the PostgreSQL server binaries (postgres, initdb, pg_basebackup, pg_rewind, pg_dump, psql...).
 * Found, in order, through the {@code DR_PG_BIN} environment variable (or system property {@code dr.pg.bin}),
 * {@code pg_config --bindir}, {@code PATH}, and the newest {@code /usr/lib/postgresql/<version>/bin}.
 */
public final class PostgresBinaries {

    private static final List<String> NEEDED = List.of("postgres", "initdb", "pg_basebackup");

    private final Path bin;
    private final int majorVersion;

    private PostgresBinaries(Path bin, int majorVersion) {
        this.bin = bin;
        this.majorVersion = majorVersion;
    }

    /** Uses the given directory. @throws IllegalArgumentException when a needed binary is missing there */
    public static PostgresBinaries in(Path binDirectory) {
        Objects.requireNonNull(binDirectory, "binDirectory");
        for (String tool : NEEDED) {
            if (!Files.isExecutable(binDirectory.resolve(tool))) {
                throw new IllegalArgumentException("PostgreSQL bin directory " + binDirectory + " has no executable "
                        + tool + "; point DR_PG_BIN at the directory that holds postgres, initdb and pg_basebackup");
            }
        }
        return new PostgresBinaries(binDirectory, readMajorVersion(binDirectory));
    }

    /** Finds the binaries on this machine, or empty when there are none. */
    public static Optional<PostgresBinaries> find() {
        for (Path candidate : candidates()) {
            if (NEEDED.stream().allMatch(t -> Files.isExecutable(candidate.resolve(t)))) {
                return Optional.of(new PostgresBinaries(candidate, readMajorVersion(candidate)));
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the binaries or fails with a message that says how to provide them.
     *
     * @throws IllegalStateException when none are found
     */
    public static PostgresBinaries locate() {
        String configured = configured();
        if (configured != null) {
            return in(Path.of(configured));
        }
        return find().orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries found (looked at DR_PG_BIN,"
                + " pg_config --bindir, PATH and /usr/lib/postgresql/*/bin); install PostgreSQL (apt-get install"
                + " postgresql) or set DR_PG_BIN to the directory holding postgres, initdb and pg_basebackup"));
    }

    private static String configured() {
        String v = System.getProperty("dr.pg.bin");
        if (v == null || v.isBlank()) {
            v = System.getenv("DR_PG_BIN");
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String configured = configured();
        if (configured != null) {
            out.add(Path.of(configured));
        }
        pgConfigBindir().ifPresent(out::add);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(":")) {
                if (!p.isEmpty() && Files.isExecutable(Path.of(p, "postgres"))) {
                    out.add(Path.of(p));
                }
            }
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                ds.forEach(versions::add);
            } catch (IOException e) {
                // Unreadable: the other candidates still count.
            }
            versions.sort(Comparator.comparingDouble(PostgresBinaries::versionNumber).reversed());
            versions.forEach(v -> out.add(v.resolve("bin")));
        }
        return out;
    }

    private static double versionNumber(Path dir) {
        try {
            return Double.parseDouble(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<Path> pgConfigBindir() {
        try {
            String out = CommandRunner.local().run(Command.builder("pg_config").arg("--bindir")
                    .timeout(Duration.ofSeconds(10)).build()).stdout().strip();
            return out.isEmpty() ? Optional.empty() : Optional.of(Path.of(out));
        } catch (CommandException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int readMajorVersion(Path bin) {
        try {
            String out = CommandRunner.local().run(Command.builder(bin.resolve("postgres").toString())
                    .arg("--version").timeout(Duration.ofSeconds(10)).build()).stdout();
            Matcher m = Pattern.compile("(\\d+)(?:\\.\\d+)?").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (CommandException e) {
            throw new IllegalStateException("cannot run " + bin.resolve("postgres") + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + bin, e);
        }
    }

    /** The bin directory. */
    public Path directory() {
        return bin;
    }

    /** The path of one tool ("pg_rewind"). */
    public Path tool(String name) {
        return bin.resolve(name);
    }

    /** The major version (15, 16...). */
    public int majorVersion() {
        return majorVersion;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + majorVersion + " binaries in " + bin;
    }
}
