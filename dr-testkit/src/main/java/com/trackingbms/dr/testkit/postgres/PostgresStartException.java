package com.trackingbms.dr.testkit.postgres;

/** A PostgreSQL server of a topology could not be set up or did not become ready; the message has its log tail. */
public class PostgresStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public PostgresStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception. */
    public PostgresStartException(String message) {
        super(message);
    }
}
