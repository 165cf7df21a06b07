package com.trackingbms.dr.exec;

/**
 * Runs {@link Command}s. The library's code takes a runner as a dependency, so tests can hand in one that records or
 * refuses commands; production uses {@link #local()}.
 */
public interface CommandRunner {

    /** The runner over {@link ProcessBuilder}: one process per command, three small I/O threads while it runs. */
    static CommandRunner local() {
        return LocalCommandRunner.INSTANCE;
    }

    /**
     * Starts the command and returns at once.
     *
     * @throws CommandStartException when the program cannot be started
     */
    RunningCommand start(Command command);

    /**
     * Runs the command to its end.
     *
     * @throws CommandFailedException on an exit code that is not a success code, with the tail of stderr
     * @throws CommandTimeoutException when the timeout passed (the process tree was ended)
     * @throws CommandIoException when a stdin source or stdout sink failed (the process tree was killed)
     * @throws CommandStartException when the program cannot be started
     * @throws InterruptedException when the calling thread was interrupted (the process tree was ended first)
     */
    default CommandResult run(Command command) throws InterruptedException {
        return start(command).await();
    }
}
