package com.trackingbms.dr.exec;

/** The program could not be started at all (not found, not executable, bad working directory, unknown user). */
public class CommandStartException extends CommandException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CommandStartException(String message, String commandLine, Throwable cause) {
        super(message + ": " + commandLine, commandLine, "", cause);
    }
}
