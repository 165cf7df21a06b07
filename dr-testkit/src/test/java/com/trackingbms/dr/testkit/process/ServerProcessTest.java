package com.trackingbms.dr.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @TempDir
    Path dir;

    /** Polls a condition that a child process reaches asynchronously (no timing is asserted). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    static String procField(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/" + file));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static char procState(long pid) {
        String stat = procField(pid, "stat");
        // The state follows the command name in parentheses, which may itself contain spaces.
        return stat.isEmpty() ? '?' : stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private ServerProcess.Builder sleeper(String name) {
        return ServerProcess.builder(name)
                .command("/bin/sh", "-c", "echo started $SECRET_LEN; echo to-stderr >&2; exec sleep 600")
                .secretEnv("SECRET_LEN", Secret.of("x"))
                .logFile(dir.resolve(name + ".log"))
                .stopTimeout(Duration.ofSeconds(5));
    }

    @Test
    void capturesLogsAndKillsWithSigkillAndStartsAgain() throws Exception {
        try (ServerProcess s = sleeper("s1").start()) {
            long pid = s.pid();
            await("the shell exec'd sleep", () -> procField(pid, "comm").strip().equals("sleep"));
            assertThat(s.logTail(10)).contains("started x").contains("to-stderr");
            assertThat(s.isRunning()).isTrue();

            s.kill9();

            assertThat(s.isRunning()).isFalse();
            assertThat(s.exitCode()).hasValue(128 + 9);
            assertThat(s.describe(5)).contains("s1 (exited with 137");

            s.start();
            assertThat(s.pid()).isNotEqualTo(pid);
            assertThat(s.isRunning()).isTrue();
            await("second start logged", () -> s.logTail(50).contains("start #2"));
        }
    }

    @Test
    void pausesAndResumesWithStopAndCont() throws Exception {
        try (ServerProcess s = sleeper("s2").start()) {
            long pid = s.pid();
            await("sleep running", () -> procField(pid, "comm").strip().equals("sleep"));

            s.pause();
            await("stopped state", () -> procState(pid) == 'T');
            assertThat(s.isPaused()).isTrue();

            s.resume();
            await("running again", () -> procState(pid) == 'S' || procState(pid) == 'R');
            assertThat(s.isPaused()).isFalse();
        }
    }

    @Test
    void stopsGracefullyEvenWhenPaused() throws Exception {
        ServerProcess s = sleeper("s3").start();
        s.pause();

        s.stop();

        assertThat(s.isRunning()).isFalse();
        assertThat(s.exitCode()).hasValue(128 + 15);
        assertThatThrownBy(s::pause).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot pause s3: it is not running (last exit code 143)");
    }

    @Test
    void runsAsAnotherUserAndThePidIsTheServerItself() throws Exception {
        assumeThat(RunAs.currentUserIsRoot()).as("needs root to switch users").isTrue();
        RunAs postgres = RunAs.lookup("postgres").orElse(null);
        assumeThat(postgres).as("needs a 'postgres' user").isNotNull();

        try (ServerProcess s = ServerProcess.builder("as-pg").command("sleep", "600").runAs(postgres)
                .logFile(dir.resolve("as-pg.log")).start()) {
            long pid = s.pid();
            await("setpriv exec'd sleep", () -> procField(pid, "comm").strip().equals("sleep"));

            assertThat(procField(pid, "status")).containsPattern("Uid:\\s+" + postgres.uid() + "\\s");
            s.kill9();
            assertThat(s.isRunning()).isFalse();
        }
    }

    @Test
    void builderNamesMissingSettings() {
        assertThatThrownBy(() -> ServerProcess.builder("x").logFile(dir.resolve("l")).build())
                .hasMessageContaining("command of x is not set");
        assertThatThrownBy(() -> ServerProcess.builder("x").command("true").build())
                .hasMessageContaining("logFile of x is not set");
    }
}
