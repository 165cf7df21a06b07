package com.trackingbms.dr.coordination;

/**
 * Thrown when an action needs a lease grant that is no longer current: it lapsed, or another holder took the
 * lease (its fencing token is higher). The caller must stop acting; another holder may be acting now.
 */
public final class LeaseLostException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the lease, the stale grant and the current holder. */
    public LeaseLostException(String message) {
        super(message);
    }
}
