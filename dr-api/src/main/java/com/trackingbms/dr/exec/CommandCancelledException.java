package com.trackingbms.dr.exec;

/** The command was cancelled through {@link RunningCommand#cancel()}; the process tree has been ended. */
public class CommandCancelledException extends CommandException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CommandCancelledException(String commandLine, String stderrTail) {
        super("command was cancelled: " + commandLine, commandLine, stderrTail, null);
    }
}
