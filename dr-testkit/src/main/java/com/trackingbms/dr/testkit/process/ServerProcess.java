package com.trackingbms.dr.testkit.process;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.ProcessTree;
import com.trackingbms.dr.exec.RunAs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A long-running server started as a direct child of this JVM ({@link ProcessBuilder}, no shell, no pg_ctl), so its
 * pid is the server's, {@link #kill9()} is a real SIGKILL, and a killed server is reaped at once and can be started
 * again immediately. Output (stdout and stderr) is appended to a log file whose tail can be attached to a failing
 * test. Servers still running when the JVM exits are killed.
 *
 * <p>Not thread-safe for concurrent control calls from several threads; a test drives one server from one thread.
 */
public final class ServerProcess implements AutoCloseable {

    private final String name;
    private final List<String> argv;
    private final Map<String, String> env;
    private final Map<String, Secret> secretEnv;
    private final Optional<Path> workingDirectory;
    private final Optional<RunAs> runAs;
    private final Path logFile;
    private final ProcessTree.Signal stopSignal;
    private final Duration stopTimeout;

    private Process process;
    private JvmExitCleanup.Registration exitRegistration;
    private boolean paused;
    private int starts;

    private ServerProcess(Builder b) {
        this.name = b.name;
        this.argv = List.copyOf(b.argv);
        this.env = Map.copyOf(b.env);
        this.secretEnv = Map.copyOf(b.secretEnv);
        this.workingDirectory = Optional.ofNullable(b.workingDirectory);
        this.runAs = Optional.ofNullable(b.runAs);
        this.logFile = b.logFile;
        this.stopSignal = b.stopSignal;
        this.stopTimeout = b.stopTimeout;
    }

    /** Starts a builder for a server with the given short name (used in logs and failure messages). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The short name. */
    public String name() {
        return name;
    }

    /**
     * Starts the server (again, after a kill or stop). Returns once the process runs; readiness is the caller's
     * business (a port that accepts connections, a log line).
     *
     * @throws IllegalStateException when it is already running
     */
    public synchronized ServerProcess start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = runAs.map(r -> r.wrap(argv)).orElse(argv);
        ProcessBuilder pb = new ProcessBuilder(command);
        runAs.ifPresent(r -> r.resetEnvironment(pb.environment()));
        pb.environment().putAll(env);
        secretEnv.forEach((k, v) -> pb.environment().put(k, v.revealString()));
        workingDirectory.ifPresent(d -> pb.directory(d.toFile()));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        starts++;
        Files.writeString(logFile, "=== " + Instant.now() + " start #" + starts + " of " + name + ": "
                + String.join(" ", argv) + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = pb.start();
        paused = false;
        Process started = process;
        if (exitRegistration != null) {
            exitRegistration.close();
        }
        exitRegistration = JvmExitCleanup.register(() -> ProcessTree.kill(started.toHandle()));
        return this;
    }

    /** The pid of the running server. @throws IllegalStateException when it was never started */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** The process handle of the current (or last) run, if started. */
    public synchronized Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** Whether the server process is alive (a paused server is alive). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Whether the server was paused with {@link #pause()} and not resumed. */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /** The exit code of the last run, when it has ended. */
    public synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Kills the server and all its child processes with SIGKILL, like a crash of the host, and waits until every one
     * of them has exited. Does nothing when it is not running.
     */
    public synchronized void kill9() {
        if (!isRunning()) {
            return;
        }
        List<ProcessHandle> killed = ProcessTree.kill(process.toHandle());
        awaitExit(Duration.ofSeconds(30));
        ProcessTree.awaitExit(killed, Duration.ofSeconds(30));
        paused = false;
    }

    /** Suspends the server and its children with SIGSTOP: the port stays open but nothing answers (a hung host). */
    public synchronized void pause() throws IOException {
        requireRunning("pause");
        if (!paused) {
            ProcessTree.signal(process.toHandle(), ProcessTree.Signal.STOP);
            paused = true;
        }
    }

    /** Resumes a paused server with SIGCONT. */
    public synchronized void resume() throws IOException {
        requireRunning("resume");
        if (paused) {
            ProcessTree.signal(process.toHandle(), ProcessTree.Signal.CONT);
            paused = false;
        }
    }

    /**
     * Sends a signal to the server process only (not its children), e.g. HUP to reload or QUIT for an immediate
     * PostgreSQL shutdown.
     */
    public synchronized void signal(ProcessTree.Signal signal) throws IOException {
        requireRunning("signal " + signal);
        ProcessTree.signal(List.of(process.toHandle()), signal);
    }

    /**
     * Stops the server gracefully with its stop signal, waits up to the stop timeout, then kills what is left.
     * Does nothing when it is not running.
     */
    public synchronized void stop() throws IOException {
        stop(stopSignal, stopTimeout);
    }

    /** Stops with the given signal and timeout, then kills what is left. */
    public synchronized void stop(ProcessTree.Signal signal, Duration timeout) throws IOException {
        if (!isRunning()) {
            return;
        }
        if (paused) {
            resume();
        }
        List<ProcessHandle> tree = ProcessTree.snapshot(process.toHandle());
        ProcessTree.signal(List.of(process.toHandle()), signal);
        if (!awaitExit(timeout)) {
            ProcessTree.kill(process.toHandle());
            awaitExit(Duration.ofSeconds(30));
        }
        // A server that exits before its children (or is killed) leaves them to init: end them too.
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Waits for the server process to exit, returning whether it did within the timeout. */
    public boolean awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return true;
        }
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private void requireRunning(String action) {
        if (!isRunning()) {
            throw new IllegalStateException("cannot " + action + " " + name + ": it is not running"
                    + exitCode().stream().mapToObj(c -> " (last exit code " + c + ")").findFirst().orElse(""));
        }
    }

    /** The log file that collects the server's stdout and stderr across restarts. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log (fewer when the log is shorter; empty when there is none). */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** Reads the last lines of a text file without loading all of it. */
    public static String tail(Path file, int lines) {
        if (lines <= 0 || !Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int chunk = (int) Math.min(len, Math.max(8192, lines * 400L));
            byte[] buf = new byte[chunk];
            f.seek(len - chunk);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            List<String> all = new ArrayList<>(Arrays.asList(text.split("\r?\n")));
            if (chunk < len && !all.isEmpty()) {
                all.remove(0); // Probably a partial line.
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + file, e);
        }
    }

    /** A short description with pid, state and the last lines of the log, for failure messages. */
    public String describe(int lines) {
        String state;
        synchronized (this) {
            state = process == null ? "never started"
                    : isPaused() ? "paused, pid " + process.pid()
                    : isRunning() ? "running, pid " + process.pid()
                    : "exited with " + process.exitValue() + ", pid " + process.pid();
        }
        return "--- " + name + " (" + state + "), last " + lines + " lines of " + logFile + " ---\n" + logTail(lines);
    }

    /** Stops the server (gracefully, then by force) and forgets it at JVM exit. */
    @Override
    public synchronized void close() throws IOException {
        try {
            stop();
        } finally {
            if (exitRegistration != null) {
                exitRegistration.close();
                exitRegistration = null;
            }
        }
    }

    @Override
    public String toString() {
        return "ServerProcess[" + name + (process == null ? "" : ", pid " + process.pid()) + "]";
    }

    /** Collects the settings of a {@link ServerProcess}. */
    public static final class Builder {
        private final String name;
        private final List<String> argv = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, Secret> secretEnv = new LinkedHashMap<>();
        private Path workingDirectory;
        private RunAs runAs;
        private Path logFile;
        private ProcessTree.Signal stopSignal = ProcessTree.Signal.TERM;
        private Duration stopTimeout = Duration.ofSeconds(10);

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("server name must not be blank");
            }
            this.name = name;
        }

        /** The program and its arguments (never a shell string). */
        public Builder command(List<String> programAndArgs) {
            if (programAndArgs.isEmpty()) {
                throw new IllegalArgumentException("command of " + name + " must name a program");
            }
            argv.clear();
            programAndArgs.forEach(a -> argv.add(Objects.requireNonNull(a, "argument")));
            return this;
        }

        /** The program and its arguments. */
        public Builder command(String... programAndArgs) {
            return command(List.of(programAndArgs));
        }

        /** Adds a non-secret environment variable. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** Adds a secret environment variable (never written to the log header or descriptions). */
        public Builder secretEnv(String key, Secret value) {
            secretEnv.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** The working directory. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "workingDirectory");
            return this;
        }

        /** Runs the server as another user (through setpriv when the JVM is root). */
        public Builder runAs(RunAs user) {
            this.runAs = user;
            return this;
        }

        /** The file that collects stdout and stderr (mandatory; appended across restarts). */
        public Builder logFile(Path file) {
            this.logFile = Objects.requireNonNull(file, "logFile");
            return this;
        }

        /** The signal for a graceful stop (default TERM; PostgreSQL's fast shutdown is INT). */
        public Builder stopSignal(ProcessTree.Signal signal) {
            this.stopSignal = Objects.requireNonNull(signal, "stopSignal");
            return this;
        }

        /** How long a graceful stop may take before the server is killed (default 10 s). */
        public Builder stopTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("stopTimeout must not be negative, got " + timeout);
            }
            this.stopTimeout = timeout;
            return this;
        }

        /** Builds the server without starting it. */
        public ServerProcess build() {
            if (argv.isEmpty()) {
                throw new IllegalStateException("command of " + name + " is not set: call command(program, args...)");
            }
            if (logFile == null) {
                throw new IllegalStateException("logFile of " + name + " is not set: call logFile(path)");
            }
            return new ServerProcess(this);
        }

        /** Builds and starts the server. */
        public ServerProcess start() throws IOException {
            return build().start();
        }
    }
}
