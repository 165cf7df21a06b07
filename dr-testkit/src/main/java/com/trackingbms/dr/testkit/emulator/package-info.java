/** Local stand-ins for cloud services: S3 (S3Proxy), Azure Blob (Azurite) and HTTP sites (WireMock). */
package com.trackingbms.dr.testkit.emulator;
