/**
 * r for the chosen configurations and the baselines (floor 5): residual spectra on the executors, the r
 * likelihood on the driver, their tables. Imports the floors below it.
 */
package org.skypatch.job.estimate;
