package com.trackingbms.dr.exec;

/**
 * A stdin source or stdout sink of the command failed (for example the upstream of a restore could not be decrypted,
 * or the object store refused the upload). The process tree was killed at once, so a program reading stdin never sees
 * a clean end of input and cannot commit a partial result.
 */
public class CommandIoException extends CommandException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CommandIoException(String what, String commandLine, String stderrTail, Throwable cause) {
        super(what + " failed (" + cause + "), the process was killed: " + commandLine, commandLine, stderrTail, cause);
    }
}
