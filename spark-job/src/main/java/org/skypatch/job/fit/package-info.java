/**
 * One work unit's fits on an executor (floor 3): cluster maps (cached per JVM), noise, the likelihood engine,
 * residual spectra. Imports {@code study} and {@code sky}.
 */
package org.skypatch.job.fit;
