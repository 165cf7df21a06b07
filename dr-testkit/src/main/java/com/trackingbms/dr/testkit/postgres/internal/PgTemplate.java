package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.exec.CommandRunner;
import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresStartException;
import com.trackingbms.dr.testkit.process.JvmExitCleanup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One initdb per JVM, binaries and superuser: later primaries copy the template's data directory, which is about twice
 * as fast as initdb. The template's superuser password is random; each topology sets its own after the first start.
 */
final class PgTemplate {

    private static final Map<String, PgTemplate> CACHE = new HashMap<>();

    private final Path dataDir;
    private final Secret password;

    private PgTemplate(Path dataDir, Secret password) {
        this.dataDir = dataDir;
        this.password = password;
    }

    static PgTemplate get(PostgresBinaries bin, Optional<RunAs> runAs, String user, Duration timeout) {
        String key = bin.directory() + "|" + user + "|" + runAs.map(RunAs::userName).orElse("");
        synchronized (CACHE) {
            PgTemplate t = CACHE.get(key);
            if (t == null) {
                t = create(bin, runAs, user, timeout);
                CACHE.put(key, t);
            }
            return t;
        }
    }

    Path dataDir() {
        return dataDir;
    }

    Secret password() {
        return password;
    }

    private static PgTemplate create(PostgresBinaries bin, Optional<RunAs> runAs, String user, Duration timeout) {
        Path root = null;
        try {
            root = Files.createTempDirectory("dr-pg-template-");
            Path rootFinal = root;
            JvmExitCleanup.register(() -> {
                try {
                    Files2.deleteTree(rootFinal);
                } catch (IOException e) {
                    // Best effort at JVM exit.
                }
            });
            Files2.ensureTraversable(root, runAs);
            Files2.mkdir(root, runAs, "rwx------");
            Secret password = Passwords.random();
            Path pwfile = root.resolve("pwfile");
            Files2.write(pwfile, password.revealString() + "\n", runAs);
            Path data = root.resolve("data");
            Command.Builder initdb = Command.builder(bin.tool("initdb").toString())
                    .args("-D", data.toString(), "-U", user, "--auth=scram-sha-256", "--pwfile=" + pwfile,
                            "--data-checksums", "--locale=C.UTF-8", "--encoding=UTF8", "--no-sync", "--no-instructions")
                    .timeout(timeout.multipliedBy(2));
            runAs.ifPresent(initdb::runAs);
            try {
                CommandRunner.local().run(initdb.build());
            } finally {
                Files.deleteIfExists(pwfile);
            }
            return new PgTemplate(data, password);
        } catch (CommandException e) {
            throw new PostgresStartException("initdb failed in " + root + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PostgresStartException("cannot prepare the initdb template in " + root + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresStartException("interrupted during initdb", e);
        }
    }
}
