/** Fault injection for drills: network partitions, resets and latency between the controller and a site. */
package com.trackingbms.dr.testkit.fault;
