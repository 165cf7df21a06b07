package com.trackingbms.dr.failover.internal;

import com.trackingbms.dr.failover.RecoveryEvent;
import com.trackingbms.dr.failover.RecoveryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@link RecoveryListener#logging()}: one line per event with MDC keys; destructive steps also to the audit logger. */
public final class LoggingRecoveryListener implements RecoveryListener {

    /** MDC key of the run id. */
    public static final String MDC_RUN = "dr.run";
    /** MDC key of the plan's name. */
    public static final String MDC_PLAN = "dr.plan";
    /** MDC key of the site. */
    public static final String MDC_SITE = "dr.site";
    /** MDC key of the step. */
    public static final String MDC_STEP = "dr.step";

    private static final Logger EVENTS = LoggerFactory.getLogger("com.trackingbms.dr.failover.events");
    private static final Logger AUDIT = LoggerFactory.getLogger("com.trackingbms.dr.audit");

    @Override
    public void onEvent(RecoveryEvent e) {
        MDC.put(MDC_RUN, e.runId());
        MDC.put(MDC_PLAN, e.plan());
        MDC.put(MDC_SITE, e.site());
        MDC.put(MDC_STEP, e.step());
        try {
            String line = "{} plan={} run={} site={} step={}: {}";
            Object[] args = {e.type(), e.plan(), e.runId(), e.site(), e.step(), e.detail()};
            switch (e.type()) {
                case STEP_FAILED, FAILOVER_FAILED, ALERT_FAILED, LAG_OVER_RPO, ROUND_FAILED -> EVENTS.warn(line, args);
                case SITE_DOWN, FAILOVER_STARTED, CASCADE -> EVENTS.error(line, args);
                default -> EVENTS.info(line, args);
            }
            if (e.destructive()) {
                AUDIT.info(line, args);
            }
        } finally {
            MDC.remove(MDC_RUN);
            MDC.remove(MDC_PLAN);
            MDC.remove(MDC_SITE);
            MDC.remove(MDC_STEP);
        }
    }
}
