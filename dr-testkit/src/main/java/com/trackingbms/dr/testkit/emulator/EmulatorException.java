package com.trackingbms.dr.testkit.emulator;

/** An emulator could not be installed, started, used or stopped; the message says which and how to fix it. */
public class EmulatorException extends RuntimeException {

    /**
     * Creates the exception with a message that names the emulator and the fix.
     *
     * @param message what failed and how to fix it
     */
    public EmulatorException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and the underlying cause.
     *
     * @param message what failed and how to fix it
     * @param cause the underlying failure
     */
    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
