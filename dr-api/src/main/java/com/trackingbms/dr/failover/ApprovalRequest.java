package com.trackingbms.dr.failover;

import java.util.Objects;

/**
 * What an operator is asked to approve before a manual site is activated.
 *
 * @param runId the failover's run id
 * @param plan the plan's name
 * @param failedSite the site that failed
 * @param site the manual site to activate
 * @param dataLoss the estimated loss if this site is promoted
 */
public record ApprovalRequest(String runId, String plan, String failedSite, String site, DataLoss dataLoss) {

    /** Checks the parts are present. */
    public ApprovalRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(failedSite, "failedSite");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(dataLoss, "dataLoss");
    }
}
