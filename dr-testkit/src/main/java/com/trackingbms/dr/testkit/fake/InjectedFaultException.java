package com.trackingbms.dr.testkit.fake;

/** The failure a fake throws when a test told it to fail. */
public final class InjectedFaultException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the fake and the operation. */
    public InjectedFaultException(String message) {
        super(message);
    }
}
