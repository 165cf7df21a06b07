package com.trackingbms.dr.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a command ended.
 *
 * @param commandLine the rendered command line (no secrets)
 * @param exitCode the process exit code
 * @param stdout captured stdout as UTF-8 text (empty when a sink consumed it)
 * @param stdoutTruncated whether stdout was longer than {@link Command#maxCapturedStdout()}
 * @param stderrTail the last lines of stderr, secret values scrubbed
 * @param duration wall time from start to the end of output
 */
public record CommandResult(String commandLine, int exitCode, String stdout, boolean stdoutTruncated,
                            String stderrTail, Duration duration) {

    /** Checks the fields. */
    public CommandResult {
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderrTail, "stderrTail");
        Objects.requireNonNull(duration, "duration");
    }

    /** Stdout split into lines, without the trailing empty line. */
    public List<String> stdoutLines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\r?\n"));
    }
}
