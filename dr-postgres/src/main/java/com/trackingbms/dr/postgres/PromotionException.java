package com.trackingbms.dr.postgres;

/** A promotion did not complete: the node is not (yet) a writable primary. */
public class PromotionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the node and what to do. */
    public PromotionException(String message) {
        super(message);
    }
}
