/**
 * The results folder (floor 4): where each table lives, the unit store and its commits, the manifest, the
 * rankings SQL and the report pictures. Imports {@code study}, {@code sky} and {@code fit}.
 */
package org.skypatch.job.results;
