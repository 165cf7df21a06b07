package com.trackingbms.dr.exec;

import java.util.concurrent.CompletableFuture;

/** A command that has been started. */
public interface RunningCommand {

    /** The operating-system pid of the program (setpriv execs, so it is the program itself). */
    long pid();

    /** Whether the process is still running. */
    boolean isAlive();

    /**
     * Waits for the end and returns the result, or throws the typed failure. When the waiting thread is interrupted
     * the process tree is ended before the {@link InterruptedException} propagates.
     *
     * @throws CommandFailedException on an exit code that is not a success code
     * @throws CommandTimeoutException when the timeout passed (the process tree was ended)
     * @throws CommandCancelledException after {@link #cancel()}
     * @throws CommandIoException when a stdin source or stdout sink failed
     */
    CommandResult await() throws InterruptedException;

    /** The same outcome as {@link #await()}, as a future completed by the runner's own thread. */
    CompletableFuture<CommandResult> future();

    /** Ends the process tree (SIGTERM, then SIGKILL after the command's grace); {@link #await()} then throws. */
    void cancel();
}
