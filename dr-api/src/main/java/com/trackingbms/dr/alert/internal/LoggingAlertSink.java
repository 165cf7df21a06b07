package com.trackingbms.dr.alert.internal;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link com.trackingbms.dr.alert.AlertSinks#logging()}. */
public final class LoggingAlertSink implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger("com.trackingbms.dr.alerts");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void send(Alert alert) {
        String line = "[{}] {}: {} — {} {}";
        Object[] args = {alert.plan(), alert.severity(), alert.title(), alert.detail(), alert.fields()};
        switch (alert.severity()) {
            case CRITICAL -> LOG.error(line, args);
            case WARNING -> LOG.warn(line, args);
            default -> LOG.info(line, args);
        }
    }

    @Override
    public String toString() {
        return "LoggingAlertSink";
    }
}
