/**
 * Alerts: the {@link com.trackingbms.dr.alert.AlertSink} SPI and the built-in sinks
 * ({@link com.trackingbms.dr.alert.AlertSinks}). A failing sink never stops a failover.
 */
package com.trackingbms.dr.alert;
