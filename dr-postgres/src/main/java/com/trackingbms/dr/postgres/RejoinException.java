package com.trackingbms.dr.postgres;

/** An old primary could not be turned into a standby of the new primary. */
public class RejoinException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the node and what to do. */
    public RejoinException(String message) {
        super(message);
    }
}
