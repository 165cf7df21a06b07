package com.trackingbms.dr.alert;

/**
 * Receives alerts: a log, a Slack-compatible webhook, a pager. A sink that fails never stops a failover: the engine
 * records the failure on the timeline and carries on.
 */
public interface AlertSink {

    /** A short name ("slack #ops"), without credentials or webhook tokens. */
    String name();

    /** Delivers one alert, or throws. */
    void send(Alert alert) throws Exception;
}
