/**
 * Runs external programs (pg_dump, pg_basebackup, psql, redis-cli...) safely: an argument list, never a shell string;
 * secrets only in the environment; a mandatory timeout; the whole process tree ended on timeout or cancel; exit codes
 * mapped to typed exceptions that carry the tail of stderr.
 *
 * <p>Start with {@link com.trackingbms.dr.exec.Command#builder(String)} and
 * {@link com.trackingbms.dr.exec.CommandRunner#local()}.
 */
package com.trackingbms.dr.exec;
