/** Redis provider: Sentinel-driven cache failover, snapshot backups and checks (arrives with the Redis issue). */
package com.trackingbms.dr.redis;
