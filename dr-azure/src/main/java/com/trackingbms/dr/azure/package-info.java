/** Azure provider: Blob object store and blob-lease coordination (arrives with the Azure issue). */
package com.trackingbms.dr.azure;
