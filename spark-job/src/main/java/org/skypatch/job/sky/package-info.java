/**
 * The study's sky for the driver and the executors (floor 2): simulated or read from FITS, cut into zones, shipped
 * by broadcast or a shared file. Imports only {@code study}.
 */
package org.skypatch.job.sky;
