package com.trackingbms.dr.exec;

import com.trackingbms.dr.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An external program to run: an argument list (never a shell string), environment variables (secrets only here, never
 * in arguments, so they do not show in {@code ps}), a working directory, a mandatory timeout, an optional user to run
 * as, and optional streaming hooks for stdin and stdout. Immutable; build one with {@link #builder(String)}.
 *
 * <pre>{@code
 * Command dump = Command.builder("/usr/lib/postgresql/15/bin/pg_dump")
 *     .args("-h", host, "-p", port, "-U", user, "-Fc", "appdb")
 *     .secretEnv("PGPASSWORD", password)
 *     .stdout(in -> store.upload(in))
 *     .timeout(Duration.ofHours(2))
 *     .build();
 * CommandResult r = CommandRunner.local().run(dump);
 * }</pre>
 */
public final class Command {

    /** Writes the command's stdin; the stream is closed by the runner when this returns. */
    @FunctionalInterface
    public interface StdinSource {
        /** Writes everything the program should read, then returns. An exception kills the process. */
        void writeTo(OutputStream stdin) throws IOException;
    }

    /** Consumes the command's stdout while it runs, for pipelines (pg_dump into compress, encrypt, upload). */
    @FunctionalInterface
    public interface StdoutSink {
        /** Reads the stream to its end (or stops early by throwing, which kills the process). */
        void readFrom(InputStream stdout) throws IOException;
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final List<String> argv;
    private final Map<String, String> env;
    private final Map<String, Secret> secretEnv;
    private final Optional<Path> workingDirectory;
    private final Duration timeout;
    private final Duration killGrace;
    private final Optional<RunAs> runAs;
    private final Optional<StdinSource> stdin;
    private final Optional<StdoutSink> stdout;
    private final Optional<Consumer<String>> stderrListener;
    private final Set<Integer> successCodes;
    private final int maxCapturedStdout;

    private Command(Builder b) {
        this.argv = List.copyOf(b.argv);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnv = Collections.unmodifiableMap(new LinkedHashMap<>(b.secretEnv));
        this.workingDirectory = Optional.ofNullable(b.workingDirectory);
        this.timeout = b.timeout;
        this.killGrace = b.killGrace;
        this.runAs = Optional.ofNullable(b.runAs);
        this.stdin = Optional.ofNullable(b.stdin);
        this.stdout = Optional.ofNullable(b.stdout);
        this.stderrListener = Optional.ofNullable(b.stderrListener);
        this.successCodes = Collections.unmodifiableSet(new TreeSet<>(b.successCodes));
        this.maxCapturedStdout = b.maxCapturedStdout;
    }

    /** Starts a builder for the given program (an absolute path, or a name looked up in PATH). */
    public static Builder builder(String program) {
        return new Builder(program);
    }

    /** A builder pre-filled with this command's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(argv.get(0));
        b.argv.clear();
        b.argv.addAll(argv);
        b.env.putAll(env);
        b.secretEnv.putAll(secretEnv);
        b.workingDirectory = workingDirectory.orElse(null);
        b.timeout = timeout;
        b.killGrace = killGrace;
        b.runAs = runAs.orElse(null);
        b.stdin = stdin.orElse(null);
        b.stdout = stdout.orElse(null);
        b.stderrListener = stderrListener.orElse(null);
        b.successCodes.clear();
        b.successCodes.addAll(successCodes);
        b.maxCapturedStdout = maxCapturedStdout;
        return b;
    }

    /** The program and its arguments (without any run-as prefix). */
    public List<String> argv() {
        return argv;
    }

    /** Plain (non-secret) environment variables added to the inherited or reset environment. */
    public Map<String, String> environment() {
        return env;
    }

    /** Names of the secret environment variables (their values are only handed to the process). */
    public Set<String> secretEnvironmentNames() {
        return secretEnv.keySet();
    }

    /** Secret environment variables, for the runner. */
    Map<String, Secret> secretEnvironment() {
        return secretEnv;
    }

    /** The working directory, or empty for the JVM's. */
    public Optional<Path> workingDirectory() {
        return workingDirectory;
    }

    /** How long the command may run, including draining its output. */
    public Duration timeout() {
        return timeout;
    }

    /** How long a process gets between SIGTERM and SIGKILL when it has to be ended. */
    public Duration killGrace() {
        return killGrace;
    }

    /** The user to run as, if any. */
    public Optional<RunAs> runAs() {
        return runAs;
    }

    /** The stdin source, if any (otherwise stdin is empty). */
    public Optional<StdinSource> stdin() {
        return stdin;
    }

    /** The stdout sink, if any (otherwise stdout is captured into the result, up to a limit). */
    public Optional<StdoutSink> stdout() {
        return stdout;
    }

    /** A listener called with each line of stderr as it arrives, for progress reporting. */
    public Optional<Consumer<String>> stderrListener() {
        return stderrListener;
    }

    /** Exit codes that count as success (0 unless configured). */
    public Set<Integer> successExitCodes() {
        return successCodes;
    }

    /** How many bytes of stdout are kept in {@link CommandResult#stdout()} when no sink is set. */
    public int maxCapturedStdout() {
        return maxCapturedStdout;
    }

    /** The program name, without directories. */
    public String programName() {
        String p = argv.get(0);
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    /**
     * The command line for logs and error messages: secret variables appear as {@code NAME=<hidden>}, plain variables
     * with their values, arguments shell-quoted, then the run-as user. Never contains a secret value.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : env.entrySet()) {
            sb.append(e.getKey()).append('=').append(quote(e.getValue())).append(' ');
        }
        for (String name : secretEnv.keySet()) {
            sb.append(name).append("=<hidden> ");
        }
        sb.append(argv.stream().map(Command::quote).collect(Collectors.joining(" ")));
        runAs.ifPresent(r -> sb.append(" (as ").append(r.userName()).append(')'));
        return sb.toString();
    }

    static String quote(String word) {
        if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Same as {@link #render()}. */
    @Override
    public String toString() {
        return "Command[" + render() + ", timeout " + timeout + "]";
    }

    /** Collects the settings of a {@link Command}; every setter checks its value and names it in the error. */
    public static final class Builder {
        private final List<String> argv = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, Secret> secretEnv = new LinkedHashMap<>();
        private Path workingDirectory;
        private Duration timeout;
        private Duration killGrace = Duration.ofSeconds(2);
        private RunAs runAs;
        private StdinSource stdin;
        private StdoutSink stdout;
        private Consumer<String> stderrListener;
        private final Set<Integer> successCodes = new TreeSet<>(Set.of(0));
        private int maxCapturedStdout = 4 * 1024 * 1024;

        private Builder(String program) {
            Objects.requireNonNull(program, "program");
            if (program.isBlank()) {
                throw new IllegalArgumentException("program must not be blank: give the path or name of the executable");
            }
            argv.add(program);
        }

        /** Appends one argument. */
        public Builder arg(String argument) {
            argv.add(Objects.requireNonNull(argument, "argument " + argv.size() + " must not be null"));
            return this;
        }

        /** Appends several arguments. */
        public Builder args(String... arguments) {
            for (String a : arguments) {
                arg(a);
            }
            return this;
        }

        /** Appends several arguments. */
        public Builder args(List<String> arguments) {
            arguments.forEach(this::arg);
            return this;
        }

        /** Sets a non-secret environment variable (rendered in logs with its value). */
        public Builder env(String name, String value) {
            checkEnvName(name);
            Objects.requireNonNull(value, "environment variable " + name + " must not be null");
            secretEnv.remove(name);
            env.put(name, value);
            return this;
        }

        /** Sets a secret environment variable: its value reaches only the process, never logs or exceptions. */
        public Builder secretEnv(String name, Secret value) {
            checkEnvName(name);
            Objects.requireNonNull(value, "secret environment variable " + name + " must not be null");
            env.remove(name);
            secretEnv.put(name, value);
            return this;
        }

        private static void checkEnvName(String name) {
            Objects.requireNonNull(name, "environment variable name");
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("environment variable name '" + name
                        + "' is invalid: use letters, digits and underscores, not starting with a digit");
            }
        }

        /** Sets the working directory. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "workingDirectory");
            return this;
        }

        /** Sets how long the command may run (mandatory). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Sets how long a process gets between SIGTERM and SIGKILL when it must be ended (default 2 s; zero kills at once). */
        public Builder killGrace(Duration grace) {
            Objects.requireNonNull(grace, "killGrace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("killGrace must not be negative, got " + grace);
            }
            this.killGrace = grace;
            return this;
        }

        /** Runs the program as the given user (through setpriv when the JVM is root). */
        public Builder runAs(RunAs user) {
            this.runAs = Objects.requireNonNull(user, "runAs");
            return this;
        }

        /** Streams stdin from a source. */
        public Builder stdin(StdinSource source) {
            this.stdin = Objects.requireNonNull(source, "stdin");
            return this;
        }

        /** Feeds the given bytes to stdin. */
        public Builder stdin(byte[] bytes) {
            byte[] copy = Objects.requireNonNull(bytes, "stdin").clone();
            return stdin(out -> out.write(copy));
        }

        /** Copies the given stream to stdin (the stream is read by the runner's thread, not closed). */
        public Builder stdinFrom(InputStream in) {
            Objects.requireNonNull(in, "stdin");
            return stdin(in::transferTo);
        }

        /** Streams stdout into a sink instead of capturing it. */
        public Builder stdout(StdoutSink sink) {
            this.stdout = Objects.requireNonNull(sink, "stdout");
            return this;
        }

        /** Calls the listener with each stderr line as it arrives. */
        public Builder onStderrLine(Consumer<String> listener) {
            this.stderrListener = Objects.requireNonNull(listener, "onStderrLine");
            return this;
        }

        /** Replaces the exit codes that count as success (default only 0), e.g. pg_isready's 0 and 2. */
        public Builder successExitCodes(int... codes) {
            if (codes.length == 0) {
                throw new IllegalArgumentException("successExitCodes needs at least one code");
            }
            successCodes.clear();
            for (int c : codes) {
                successCodes.add(c);
            }
            return this;
        }

        /** Limits how much stdout is captured when no sink is set (default 4 MiB; the rest is drained and dropped). */
        public Builder maxCapturedStdout(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxCapturedStdout must not be negative, got " + bytes);
            }
            this.maxCapturedStdout = bytes;
            return this;
        }

        /**
         * Builds the command.
         *
         * @throws IllegalStateException when no timeout was set
         */
        public Command build() {
            if (timeout == null) {
                throw new IllegalStateException("timeout is required for " + quote(argv.get(0))
                        + ": call .timeout(Duration.ofSeconds(...)) with the longest time the command may take");
            }
            return new Command(this);
        }
    }
}
