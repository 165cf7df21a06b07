package com.trackingbms.dr.testkit;

/**
 * A test resource that can describe its state for a failure message: servers, their pids and the last lines of their
 * logs. The JUnit extension attaches this text to a failing test of a class that uses the resource.
 */
public interface Diagnosable {

    /** A human-readable description with at most {@code linesPerServer} log lines per server; never a secret. */
    String diagnostics(int linesPerServer);
}
