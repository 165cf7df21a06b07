/** Helpers shared by the testkit's servers and emulators; not API. */
package com.trackingbms.dr.testkit.internal;
