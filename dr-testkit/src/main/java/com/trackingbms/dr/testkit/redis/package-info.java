/**
 * A real Redis master, replica and three Sentinels for drills: {@link com.trackingbms.dr.testkit.redis.RedisTopology},
 * from the local {@code redis-server} or Testcontainers, with per-server faults (kill -9, pause, stop, restart as a
 * replica) and Sentinel-aware waits.
 */
package com.trackingbms.dr.testkit.redis;
