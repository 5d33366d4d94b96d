/**
 * What a study is (floor 1 of spark-job, imports only {@code error}): the YAML file and its checks
 * ({@link org.skypatch.job.study.StudyLoader}), the checked {@link org.skypatch.job.study.Study}, its
 * configurations, work units and the fit settings executors receive.
 */
package org.skypatch.job.study;
