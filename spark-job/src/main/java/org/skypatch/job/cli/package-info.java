/**
 * The command line (floor 7, top): one picocli command per verb and the SparkSession factory.
 */
package org.skypatch.job.cli;
