/**
 * Coordination between instances that embed the failover controller: the {@link com.trackingbms.dr.coordination.Lease}
 * SPI (TTL and fencing token; only the holder acts) and the failover journal kept through it, so that the next holder
 * finishes a failover whose controller died.
 */
package com.trackingbms.dr.coordination;
