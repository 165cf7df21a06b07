package com.trackingbms.dr.exec;

/** The command ran to its end and exited with a code that its {@link Command} does not accept as success. */
public class CommandFailedException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** Creates the exception. */
    public CommandFailedException(String commandLine, int exitCode, String stderrTail) {
        super("command failed with exit code " + exitCode + describeSignal(exitCode) + ": " + commandLine,
                commandLine, stderrTail, null);
        this.exitCode = exitCode;
    }

    private static String describeSignal(int code) {
        // The JVM reports a child killed by signal N as 128 + N.
        return code > 128 && code < 160 ? " (killed by signal " + (code - 128) + ")" : "";
    }

    /** The exit code of the process. */
    public int exitCode() {
        return exitCode;
    }
}
