package com.trackingbms.dr.testkit.redis;

import com.trackingbms.dr.testkit.process.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** A redis-server (data node or Sentinel) run as a child process of this JVM. */
final class LocalRedisServer extends BaseRedisServer {

    private final Path binary;
    private final Path config;
    private final Path logFile;
    private final RedisAddress address;
    private final Duration readyTimeout;
    private ServerProcess process;

    LocalRedisServer(String name, Kind kind, Path binary, Path config, Path logFile, RedisAddress address,
                   Duration readyTimeout) {
        super(name, kind);
        this.binary = binary;
        this.config = config;
        this.logFile = logFile;
        this.address = address;
        this.readyTimeout = readyTimeout;
    }

    Path config() {
        return config;
    }

    @Override
    public RedisAddress address() {
        return address;
    }

    @Override
    public synchronized OptionalLong pid() {
        return process != null && process.isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    public synchronized void kill9() {
        if (process != null) {
            process.kill9();
        }
    }

    @Override
    public synchronized void pause() throws IOException {
        requireProcess("pause").pause();
    }

    @Override
    public synchronized void resume() throws IOException {
        requireProcess("resume").resume();
    }

    @Override
    synchronized boolean isPaused() {
        return process != null && process.isPaused();
    }

    @Override
    public synchronized void stop() throws IOException {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public void start() throws IOException {
        launch(List.of());
    }

    @Override
    public void startAsReplicaOf(RedisAddress master) throws IOException {
        if (kind() == Kind.SENTINEL) {
            throw new UnsupportedOperationException(name() + " is a Sentinel; only data nodes replicate");
        }
        // On the command line, so the server is a replica before it accepts its first client.
        launch(List.of("--replicaof", master.host(), Integer.toString(master.port())));
    }

    private void launch(List<String> extra) throws IOException {
        synchronized (this) {
            if (process != null && process.isRunning()) {
                throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
            }
            List<String> argv = new ArrayList<>();
            argv.add(binary.toString());
            argv.add(config.toString());
            if (kind() == Kind.SENTINEL) {
                argv.add("--sentinel");
            }
            argv.addAll(extra);
            process = ServerProcess.builder(name()).command(argv).logFile(logFile)
                    .workingDirectory(config.getParent()).stopTimeout(Duration.ofSeconds(10)).start();
        }
        awaitReady(readyTimeout);
    }

    private ServerProcess requireProcess(String action) {
        if (process == null) {
            throw new IllegalStateException("cannot " + action + " " + name() + ": it was never started");
        }
        return process;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isRunning();
    }

    @Override
    public String logTail(int lines) {
        return ServerProcess.tail(logFile, lines);
    }

    /** Stops the process for good (topology close). */
    synchronized void shutdown() {
        if (process != null) {
            try {
                process.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop " + name(), e);
            }
        }
    }
}
