package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SkypatchCliTest {
    @Test
    void versionExitsCleanly() {
        assertEquals(0, SkypatchCli.execute("--version"));
    }

    @Test
    void unknownOptionIsAnError() {
        assertNotEquals(0, SkypatchCli.execute("--no-such-option"));
    }
}
