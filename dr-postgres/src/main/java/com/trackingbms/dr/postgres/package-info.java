/** PostgreSQL provider: replication-aware failover, logical and physical backups, WAL archiving, checks. */
package com.trackingbms.dr.postgres;
