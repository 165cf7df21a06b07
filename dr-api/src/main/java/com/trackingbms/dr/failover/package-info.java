/**
 * The failover chain and its engine: {@link com.trackingbms.dr.failover.FailoverController} detects an outage, takes
 * the lease, fences, guards the RPO, promotes, reroutes, validates and cascades, and reports a
 * {@link com.trackingbms.dr.failover.FailoverResult} with its timeline, measured RTO and RPO, and incident report.
 */
package com.trackingbms.dr.failover;
