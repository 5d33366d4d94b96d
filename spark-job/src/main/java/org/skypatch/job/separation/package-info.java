/**
 * {@code skypatch fit}'s inputs and outputs (floor 2): a user's observed maps, their clusters and the report
 * written from the engine's fit. Imports only {@code error}.
 */
package org.skypatch.job.separation;
