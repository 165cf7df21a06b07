package com.trackingbms.dr.testkit.fake;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An alert sink that keeps every alert it receives, or fails every delivery when told to. Thread-safe. */
public final class RecordingAlertSink implements AlertSink {

    private final String name;
    private final List<Alert> alerts = new ArrayList<>();
    private String failure;

    /** A sink that records. */
    public RecordingAlertSink(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void send(Alert alert) throws Exception {
        if (failure != null) {
            throw new java.io.IOException(failure);
        }
        alerts.add(alert);
    }

    /** Makes every delivery throw an IOException with {@code detail} (null: record again). */
    public synchronized RecordingAlertSink failing(String detail) {
        this.failure = detail;
        return this;
    }

    /** Every alert received, in order. */
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** The alerts of one severity, in order. */
    public synchronized List<Alert> alerts(Severity severity) {
        return alerts.stream().filter(a -> a.severity() == severity).toList();
    }

    /** The titles received, in order. */
    public synchronized List<String> titles() {
        return alerts.stream().map(Alert::title).toList();
    }

    /** Forgets the alerts received so far. */
    public synchronized void clear() {
        alerts.clear();
    }

    @Override
    public String toString() {
        return "RecordingAlertSink[" + name + "]";
    }
}
