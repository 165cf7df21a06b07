/**
 * Real PostgreSQL topologies for tests: a primary and streaming standbys from the local binaries (or Testcontainers
 * where Docker exists), with kill -9, pause, stop and restart per node, and a small SQL helper.
 */
package com.trackingbms.dr.testkit.postgres;
