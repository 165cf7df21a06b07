/** Long-running child servers for tests: start, kill -9, pause, resume, stop, logs, cleanup at JVM exit. */
package com.trackingbms.dr.testkit.process;
