package com.trackingbms.dr.exec;

import com.trackingbms.dr.Secret;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CommandRunner} over {@link ProcessBuilder}. */
final class LocalCommandRunner implements CommandRunner {

    static final LocalCommandRunner INSTANCE = new LocalCommandRunner();

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final int TAIL_LINES = 40;
    private static final int TAIL_LINE_CHARS = 2000;

    private LocalCommandRunner() {
    }

    @Override
    public RunningCommand start(Command command) {
        List<String> argv;
        try {
            argv = command.runAs().map(r -> r.wrap(command.argv())).orElse(command.argv());
        } catch (IllegalStateException e) {
            throw new CommandStartException(e.getMessage(), command.render(), e);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        command.runAs().ifPresent(r -> r.resetEnvironment(env));
        env.putAll(command.environment());
        for (Map.Entry<String, Secret> e : command.secretEnvironment().entrySet()) {
            env.put(e.getKey(), e.getValue().revealString());
        }
        command.workingDirectory().ifPresent(d -> pb.directory(d.toFile()));
        if (command.stdin().isEmpty()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        long started = System.nanoTime();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CommandStartException("cannot start " + command.programName() + " (" + e.getMessage()
                    + "); check that it is installed and on PATH, or give its absolute path", command.render(), e);
        }
        LOG.debug("started pid {}: {}", process.pid(), command.render());
        Execution ex = new Execution(command, process, started);
        ex.begin();
        return ex;
    }

    /** One running process and its I/O threads. */
    private static final class Execution implements RunningCommand {
        private final Command command;
        private final Process process;
        private final long started;
        private final List<String> secretValues = new ArrayList<>();
        private final Deque<String> stderrTail = new ArrayDeque<>();
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private final AtomicReference<Throwable> stdinFailure = new AtomicReference<>();
        private final AtomicReference<Throwable> stdoutFailure = new AtomicReference<>();
        private final CompletableFuture<CommandResult> future = new CompletableFuture<>();
        private volatile boolean cancelled;
        private volatile boolean truncated;
        private Thread stdinThread;
        private Thread stdoutThread;
        private Thread stderrThread;

        Execution(Command command, Process process, long started) {
            this.command = command;
            this.process = process;
            this.started = started;
            for (Secret s : command.secretEnvironment().values()) {
                if (!s.isEmpty()) {
                    secretValues.add(s.revealString());
                }
            }
        }

        void begin() {
            String name = command.programName() + "-" + process.pid();
            if (command.stdin().isPresent()) {
                stdinThread = daemon(name + "-stdin", this::pumpStdin);
            }
            stdoutThread = daemon(name + "-stdout", this::pumpStdout);
            stderrThread = daemon(name + "-stderr", this::pumpStderr);
            daemon(name + "-wait", this::complete);
        }

        private static Thread daemon(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void pumpStdin() {
            OutputStream out = process.getOutputStream();
            try {
                command.stdin().orElseThrow().writeTo(out);
            } catch (IOException | RuntimeException e) {
                if (process.isAlive() || !isBrokenPipe(e)) {
                    // Kill before closing: a failing source must not look like a clean end of input to the program.
                    stdinFailure.set(e);
                    ProcessTree.kill(process.toHandle());
                }
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    // The program already closed its end; its exit code tells the story.
                }
            }
        }

        private static boolean isBrokenPipe(Throwable e) {
            return e instanceof IOException && String.valueOf(e.getMessage()).contains("Broken pipe");
        }

        private void pumpStdout() {
            try (InputStream in = process.getInputStream()) {
                if (command.stdout().isPresent()) {
                    command.stdout().get().readFrom(in);
                    // Drain what the sink left so the program never blocks on a full pipe.
                    in.transferTo(OutputStream.nullOutputStream());
                } else {
                    byte[] buf = new byte[8192];
                    int n;
                    int limit = command.maxCapturedStdout();
                    while ((n = in.read(buf)) >= 0) {
                        int keep = Math.min(n, limit - captured.size());
                        if (keep > 0) {
                            captured.write(buf, 0, keep);
                        }
                        if (keep < n) {
                            truncated = true;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!cancelled && (process.isAlive() || command.stdout().isPresent())) {
                    stdoutFailure.set(e);
                    ProcessTree.kill(process.toHandle());
                }
            }
        }

        private void pumpStderr() {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String clean = scrub(line);
                    synchronized (stderrTail) {
                        stderrTail.addLast(clean.length() > TAIL_LINE_CHARS
                                ? clean.substring(0, TAIL_LINE_CHARS) + "..." : clean);
                        if (stderrTail.size() > TAIL_LINES) {
                            stderrTail.removeFirst();
                        }
                    }
                    command.stderrListener().ifPresent(l -> l.accept(clean));
                }
            } catch (IOException | RuntimeException e) {
                // The stream closes when the process is killed; what was read so far stays in the tail.
            }
        }

        private String scrub(String line) {
            String out = line;
            for (String s : secretValues) {
                out = out.replace(s, "<hidden>");
            }
            return out;
        }

        private String tail() {
            synchronized (stderrTail) {
                return String.join("\n", stderrTail);
            }
        }

        private void complete() {
            try {
                future.complete(waitForEnd());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }

        private CommandResult waitForEnd() throws InterruptedException {
            long deadline = started + command.timeout().toNanos();
            boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!exited) {
                ProcessTree.destroy(process.toHandle(), command.killGrace());
                joinQuietly();
                if (cancelled) {
                    throw new CommandCancelledException(command.render(), tail());
                }
                LOG.debug("timed out after {}: {}", command.timeout(), command.render());
                throw new CommandTimeoutException(command.render(), command.timeout(), tail());
            }
            // The process is gone, but a sink may still be consuming the last bytes: that counts against the timeout.
            boolean drained = join(stdoutThread, deadline) && join(stdinThread, deadline) && join(stderrThread, deadline);
            if (!drained) {
                stdoutThread.interrupt();
                throw new CommandTimeoutException(command.render(), command.timeout(), tail());
            }
            int code = process.exitValue();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("exit {} after {} ms: {}", code, took.toMillis(), command.render());
            if (cancelled) {
                throw new CommandCancelledException(command.render(), tail());
            }
            if (stdinFailure.get() != null) {
                throw new CommandIoException("stdin source", command.render(), tail(), stdinFailure.get());
            }
            if (stdoutFailure.get() != null) {
                throw new CommandIoException("stdout sink", command.render(), tail(), stdoutFailure.get());
            }
            if (!command.successExitCodes().contains(code)) {
                throw new CommandFailedException(command.render(), code, tail());
            }
            return new CommandResult(command.render(), code, captured.toString(StandardCharsets.UTF_8), truncated,
                    tail(), took);
        }

        private static boolean join(Thread t, long deadline) throws InterruptedException {
            if (t == null) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            return !t.isAlive();
        }

        private void joinQuietly() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            join(stdoutThread, deadline);
            join(stdinThread, deadline);
            join(stderrThread, deadline);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public CommandResult await() throws InterruptedException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                cancel();
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof CommandException ce) {
                    throw rethrowable(ce);
                }
                if (c instanceof InterruptedException ie) {
                    throw ie;
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new UncheckedIOException(new IOException(c));
            }
        }

        private static CommandException rethrowable(CommandException e) {
            // Keep the type; add the awaiting thread's stack so the caller's frame shows in the trace.
            e.addSuppressed(new Exception("awaited here"));
            return e;
        }

        @Override
        public CompletableFuture<CommandResult> future() {
            return future;
        }

        @Override
        public void cancel() {
            if (process.isAlive()) {
                cancelled = true;
                LOG.debug("cancelling pid {}: {}", process.pid(), command.render());
                ProcessTree.destroy(process.toHandle(), command.killGrace());
            }
        }
    }
}
