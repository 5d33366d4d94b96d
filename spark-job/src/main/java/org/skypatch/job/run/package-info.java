/**
 * The driver's orchestration of a study (floor 6): sky, manifest, grid, rankings, r. Imports the floors below it.
 */
package org.skypatch.job.run;
