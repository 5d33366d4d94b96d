/**
 * The grid search (floor 5): the work plan, the K-means stage, the unit tasks in waves and their progress.
 * Imports the floors below it.
 */
package org.skypatch.job.grid;
