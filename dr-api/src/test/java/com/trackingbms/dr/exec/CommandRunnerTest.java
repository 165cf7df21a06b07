package com.trackingbms.dr.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    private static final Duration T = Duration.ofSeconds(20);
    private final CommandRunner runner = CommandRunner.local();

    private static Command.Builder sh(String script) {
        // A shell is the program under test here, not a way to build command lines.
        return Command.builder("/bin/sh").args("-c", script).timeout(T);
    }

    @Test
    void capturesStdoutAndExitCode() throws Exception {
        CommandResult r = runner.run(Command.builder("printf").args("a\nb\n").timeout(T).build());

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutLines()).containsExactly("a", "b");
        assertThat(r.stdoutTruncated()).isFalse();
    }

    @Test
    void nonZeroExitBecomesTypedExceptionWithStderrTail() {
        Command c = sh("echo first >&2; echo 'relation \"x\" does not exist' >&2; exit 3").build();

        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stderrTail()).isEqualTo("first\nrelation \"x\" does not exist");
                    assertThat(e.commandLine()).startsWith("/bin/sh -c");
                })
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("relation \"x\" does not exist");
    }

    @Test
    void acceptsConfiguredSuccessCodes() throws Exception {
        CommandResult r = runner.run(sh("exit 2").successExitCodes(0, 2).build());

        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void timeoutEndsTheWholeProcessTree() throws Exception {
        List<String> lines = new ArrayList<>();
        // The grandchild ignores SIGTERM, so only the SIGKILL after the grace ends it.
        Command c = sh("(trap '' TERM; sleep 60) & echo $! >&2; wait")
                .timeout(Duration.ofMillis(1500)).killGrace(Duration.ofMillis(200))
                .onStderrLine(lines::add).build();

        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOfSatisfying(CommandTimeoutException.class,
                        e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1500)))
                .hasMessageContaining("did not finish within PT1.5S");
        long grandchild = Long.parseLong(lines.get(0).trim());
        ProcessHandle.of(grandchild).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void secretsReachTheProcessButNeverTheCommandLineOrErrors() {
        Secret pw = Secret.of("s3cr3t-Pa55");
        Command c = sh("test \"$PGPASSWORD\" = \"$EXPECTED\" || exit 9; echo \"auth failed for $PGPASSWORD\" >&2; exit 4")
                .secretEnv("PGPASSWORD", pw).secretEnv("EXPECTED", Secret.of("s3cr3t-Pa55")).env("PGUSER", "app").build();

        assertThat(c.render()).contains("PGPASSWORD=<hidden>").contains("PGUSER=app").doesNotContain("s3cr3t");
        assertThat(c.toString()).doesNotContain("s3cr3t");
        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    // Exit 4 (not 9) proves the child saw the real value.
                    assertThat(e.exitCode()).isEqualTo(4);
                    assertThat(e.stderrTail()).isEqualTo("auth failed for <hidden>");
                })
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void streamsStdinToStdoutSink() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult r = runner.run(Command.builder("cat").timeout(T)
                .stdin(big).stdout(in -> in.transferTo(out)).build());

        assertThat(r.stdout()).isEmpty();
        assertThat(out.toByteArray()).isEqualTo(big);
    }

    @Test
    void failingStdinSourceKillsTheProgramInsteadOfEndingItsInput() {
        // wc would print a count for a clean end of input; a failing source must not look like one.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Command c = Command.builder("wc").arg("-c").timeout(T)
                .stdin(s -> {
                    s.write("partial".getBytes(StandardCharsets.UTF_8));
                    s.flush();
                    throw new IOException("authentication tag mismatch");
                })
                .stdout(in -> in.transferTo(out)).build();

        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOf(CommandIoException.class)
                .hasMessageContaining("stdin source failed")
                .hasRootCauseMessage("authentication tag mismatch");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void failingStdoutSinkKillsTheProgram() {
        Command c = Command.builder("yes").timeout(T)
                .stdout(in -> {
                    in.readNBytes(1000);
                    throw new IOException("bucket refused the upload");
                }).build();

        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOf(CommandIoException.class)
                .hasMessageContaining("stdout sink failed");
    }

    @Test
    void capturedStdoutIsBoundedAndDrained() throws Exception {
        CommandResult r = runner.run(Command.builder("head").args("-c", "100000", "/dev/zero")
                .maxCapturedStdout(10).timeout(T).build());

        assertThat(r.stdout()).hasSize(10);
        assertThat(r.stdoutTruncated()).isTrue();
    }

    @Test
    void cancelEndsTheProcess() throws Exception {
        RunningCommand running = runner.start(Command.builder("sleep").arg("60").timeout(T).build());
        assertThat(running.isAlive()).isTrue();

        running.cancel();

        assertThatThrownBy(running::await).isInstanceOf(CommandCancelledException.class);
        assertThat(running.isAlive()).isFalse();
    }

    @Test
    void interruptingTheCallerEndsTheProcess() throws Exception {
        RunningCommand running = runner.start(Command.builder("sleep").arg("60").timeout(T).build());
        Thread.currentThread().interrupt();

        assertThatThrownBy(running::await).isInstanceOf(InterruptedException.class);
        assertThat(running.isAlive()).isFalse();
    }

    @Test
    void missingProgramIsAStartError() {
        Command c = Command.builder("/nonexistent/pg_dump").timeout(T).build();

        assertThatThrownBy(() -> runner.run(c))
                .isInstanceOf(CommandStartException.class)
                .hasMessageContaining("cannot start pg_dump")
                .hasMessageContaining("/nonexistent/pg_dump");
    }

    @Test
    void timeoutIsMandatoryAndValuesAreChecked() {
        assertThatThrownBy(() -> Command.builder("pg_dump").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timeout is required");
        assertThatThrownBy(() -> Command.builder("x").timeout(Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> Command.builder("x").env("1BAD", "v"))
                .hasMessageContaining("environment variable name '1BAD' is invalid");
        assertThatThrownBy(() -> Command.builder(" "))
                .hasMessageContaining("program must not be blank");
    }

    @Test
    void renderQuotesArguments() {
        Command c = Command.builder("psql").args("-c", "select 'a b'", "-X").timeout(T).build();

        assertThat(c.render()).isEqualTo("psql -c 'select '\\''a b'\\''' -X");
    }

    @Test
    void runsAsAnotherUserWithResetEnvironmentAndSecrets() throws Exception {
        assumeThat(RunAs.currentUserIsRoot()).as("needs root to switch users").isTrue();
        RunAs postgres = RunAs.lookup("postgres").orElse(null);
        assumeThat(postgres).as("needs a 'postgres' user").isNotNull();

        CommandResult r = runner.run(sh("id -un; echo $HOME; printf '%s\\n' \"$PW\"; echo ${JAVA_HOME:-unset}")
                .runAs(postgres).secretEnv("PW", Secret.of("x y")).build());

        assertThat(r.stdoutLines()).containsExactly("postgres", postgres.home(), "x y", "unset");
        assertThat(sh("true").runAs(postgres).build().render()).endsWith("(as postgres)");
    }

    @Test
    void unknownUserIsRejectedByName() {
        assertThatThrownBy(() -> RunAs.user("no_such_user_x"))
                .hasMessageContaining("runAs user 'no_such_user_x' does not exist");
    }
}
