/**
 * The errors a user can fix (floor 0 of spark-job, imports no other skypatch.job package): each is one line
 * on the command line, exit code 2; everything else is a bug, printed with its trace.
 */
package org.skypatch.job.error;
