package com.trackingbms.dr.postgres;

/** A fence could not be confirmed: the node may still accept writes. */
public class FenceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the node and what to do. */
    public FenceException(String message) {
        super(message);
    }
}
