package com.trackingbms.dr.testkit.redis;

import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Master, replica and three Sentinels from the local redis-server binary, each in its own temp dir. */
final class LocalRedisTopology extends BaseRedisTopology<LocalRedisServer> {

    static final String INSTALL_HINT = "redis-server was not found: install it (Debian/Ubuntu: `apt-get install -y"
            + " redis-server`; the repository's .ci/run does it), or point -Ddr.redis.server or DR_REDIS_SERVER at the"
            + " binary";
    private static final int ATTEMPTS = 2;

    private final Path root;

    private LocalRedisTopology(RedisTopologyBuilder.Settings settings, Path root, LocalRedisServer master,
                               LocalRedisServer replica, List<LocalRedisServer> sentinels) {
        super(settings, master, replica, sentinels);
        this.root = root;
    }

    static Optional<Path> findRedisServer() {
        for (String configured : new String[] {System.getProperty("dr.redis.server"), System.getenv("DR_REDIS_SERVER")}) {
            if (configured != null && !configured.isBlank()) {
                Path p = Paths.get(configured);
                return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
        }
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static LocalRedisTopology start(RedisTopologyBuilder.Settings settings, Path binary) {
        RuntimeException failure = null;
        // A free port can be taken between choosing and binding it: one retry with fresh ports covers that race.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            LocalRedisTopology topology = null;
            try {
                topology = create(settings, binary);
                topology.master.start();
                topology.replica.start();
                for (LocalRedisServer s : topology.sentinels) {
                    s.start();
                }
                topology.awaitReady(settings.readyTimeout());
                return topology;
            } catch (IOException | RuntimeException e) {
                RuntimeException wrapped = e instanceof RedisTopologyException r ? r
                        : new RedisTopologyException("Redis topology did not start: " + e.getMessage()
                        + (topology == null ? "" : "\n" + topology.diagnostics(30)), e);
                if (failure != null) {
                    wrapped.addSuppressed(failure);
                }
                failure = wrapped;
                if (topology != null) {
                    try {
                        topology.close();
                    } catch (RuntimeException closeFailure) {
                        failure.addSuppressed(closeFailure);
                    }
                }
            }
        }
        throw failure;
    }

    private static LocalRedisTopology create(RedisTopologyBuilder.Settings settings, Path binary) throws IOException {
        Path root = Files.createTempDirectory("dr-redis-");
        Set<Integer> used = new HashSet<>();
        int masterPort = freePort(used);
        int replicaPort = freePort(used);
        LocalRedisServer master = dataNode("redis-a", binary, root, masterPort, null, settings);
        LocalRedisServer replica = dataNode("redis-b", binary, root, replicaPort, masterPort, settings);
        List<LocalRedisServer> sentinels = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sentinels.add(sentinel("sentinel-" + i, binary, root, freePort(used), masterPort, settings));
        }
        return new LocalRedisTopology(settings, root, master, replica, sentinels);
    }

    private static int freePort(Set<Integer> used) {
        while (true) {
            int port = LoopbackPorts.free();
            if (used.add(port)) {
                return port;
            }
        }
    }

    private static LocalRedisServer dataNode(String name, Path binary, Path root, int port, Integer masterPort,
                                           RedisTopologyBuilder.Settings settings) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        List<String> lines = new ArrayList<>(List.of(
                "bind " + LoopbackPorts.HOST,
                "port " + port,
                "protected-mode no",
                "daemonize no",
                "dir " + dir,
                "logfile \"\"",
                "save \"\"",
                "appendonly no",
                // Diskless sync without delay links a replica in about 1.4 s instead of 4 s.
                "repl-diskless-sync yes",
                "repl-diskless-sync-delay 0"));
        if (masterPort != null) {
            lines.add("replicaof " + LoopbackPorts.HOST + " " + masterPort);
        }
        Path config = dir.resolve("redis.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        return new LocalRedisServer(name, RedisServer.Kind.DATA, binary, config, dir.resolve("server.log"),
                new RedisAddress(LoopbackPorts.HOST, port), settings.readyTimeout());
    }

    private static LocalRedisServer sentinel(String name, Path binary, Path root, int port, int masterPort,
                                           RedisTopologyBuilder.Settings settings) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        String m = settings.masterName();
        // Each Sentinel rewrites its own config file (known replicas, other Sentinels, epochs): one file each.
        List<String> lines = List.of(
                "bind " + LoopbackPorts.HOST,
                "port " + port,
                "protected-mode no",
                "daemonize no",
                "dir " + dir,
                "logfile \"\"",
                "sentinel monitor " + m + " " + LoopbackPorts.HOST + " " + masterPort + " 2",
                "sentinel down-after-milliseconds " + m + " " + settings.downAfter().toMillis(),
                "sentinel failover-timeout " + m + " " + settings.failoverTimeout().toMillis(),
                "sentinel parallel-syncs " + m + " 1");
        Path config = dir.resolve("sentinel.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        return new LocalRedisServer(name, RedisServer.Kind.SENTINEL, binary, config, dir.resolve("server.log"),
                new RedisAddress(LoopbackPorts.HOST, port), settings.readyTimeout());
    }

    @Override
    public RedisBackend backend() {
        return RedisBackend.LOCAL;
    }

    @Override
    RedisAddress external(String host, int port) {
        return new RedisAddress(host, port);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (LocalRedisServer node : stopOrder()) {
            try {
                node.shutdown();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        deleteTree(root);
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }
}
