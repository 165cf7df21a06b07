package com.trackingbms.dr.testkit.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WireMock's notifier for the library's stubs: logs the first non-blank line of each message and nothing after it. WireMock's own
 * notifiers print an unmatched request with a diff against the closest stub, bodies and headers included, so a login
 * stub that matches on a password would put that password in the build log the first time a client sends a wrong one.
 */
public final class FirstLineNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger("com.trackingbms.dr.testkit.wiremock");

    /** Logs the first line of {@code message} at debug level. */
    @Override
    public void info(String message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}", firstLine(message));
        }
    }

    /** Logs the first line of {@code message} as a warning, saying the rest was withheld. */
    @Override
    public void error(String message) {
        LOG.warn("{} (details withheld: they may hold request bodies or credentials)", firstLine(message));
    }

    /** Logs the first line of {@code message} and the error's type as a warning. */
    @Override
    public void error(String message, Throwable t) {
        LOG.warn("{} ({}; details withheld: they may hold request bodies or credentials)", firstLine(message),
                t == null ? "no exception" : t.getClass().getName());
    }

    /** The first line that is not blank, trimmed (WireMock's unmatched-request report starts with an empty line). */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
