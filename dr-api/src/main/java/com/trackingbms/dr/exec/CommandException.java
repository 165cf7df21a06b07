package com.trackingbms.dr.exec;

/**
 * Base of every failure of an external command. The message names the command as {@link Command#render()} shows it,
 * which never contains a secret.
 */
public abstract class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String commandLine;
    private final String stderrTail;

    /** Creates the exception; {@code stderrTail} may be empty. */
    protected CommandException(String message, String commandLine, String stderrTail, Throwable cause) {
        super(message + withTail(stderrTail), cause);
        this.commandLine = commandLine;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    private static String withTail(String tail) {
        return tail == null || tail.isBlank() ? "" : "\n--- last lines of stderr ---\n" + tail.stripTrailing();
    }

    /** The command line as rendered for humans (secrets are never part of it). */
    public String commandLine() {
        return commandLine;
    }

    /** The last lines the command wrote to stderr (secret values scrubbed), or an empty string. */
    public String stderrTail() {
        return stderrTail;
    }
}
