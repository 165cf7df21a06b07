/** Backends of {@link com.trackingbms.dr.testkit.postgres.PostgresTopology}; not API. */
package com.trackingbms.dr.testkit.postgres.internal;
