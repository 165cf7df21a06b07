/**
 * Contract tests that every provider of an SPI extends, so that the in-process, S3 and Azure implementations are
 * held to the same behaviour.
 */
package com.trackingbms.dr.testkit.contract;
