package com.trackingbms.dr.testkit.emulator;

/** An emulator could not be installed, started, used or stopped; the message says which and how to fix it. */
public class EmulatorException extends RuntimeException {

    /** Creates the exception with a message that names the emulator and the fix. */
    public EmulatorException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
