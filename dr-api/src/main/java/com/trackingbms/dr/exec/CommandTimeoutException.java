package com.trackingbms.dr.exec;

import java.time.Duration;

/** The command did not finish within its timeout; the process and its descendants have been ended. */
public class CommandTimeoutException extends CommandException {

    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /** Creates the exception. */
    public CommandTimeoutException(String commandLine, Duration timeout, String stderrTail) {
        super("command did not finish within " + timeout + " and was ended (raise Command.timeout if the work is"
                + " legitimately longer): " + commandLine, commandLine, stderrTail, null);
        this.timeout = timeout;
    }

    /** The timeout that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
