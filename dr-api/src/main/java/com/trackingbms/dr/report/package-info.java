/**
 * Recovery reports: one {@link com.trackingbms.dr.report.RecoveryReport} for a failover, drill, backup, restore or
 * runbook run, rendered as JSON for machines and as a self-contained HTML page for people. Objective rows compute
 * pass or fail from the numbers; a value that was not measured says so.
 */
package com.trackingbms.dr.report;
