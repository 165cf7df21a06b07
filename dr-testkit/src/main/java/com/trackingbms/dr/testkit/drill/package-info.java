/**
 * Drills: a built plan and its failover controller run against a live topology under a bounded write load that
 * records every acknowledged write, a fault injected at a chosen moment, and a report of what it cost: the
 * controller's result, time from the fault to the first write through the new primary, and the acknowledged writes
 * that are missing afterwards.
 */
package com.trackingbms.dr.testkit.drill;
