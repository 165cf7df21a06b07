package com.trackingbms.dr.alert;

/** An alert could not be delivered after the sink's attempts; the message names the sink and the last failure. */
public final class AlertDeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AlertDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
