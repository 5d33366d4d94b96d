package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skypatch.job.cli.Captured.stderr;

import org.junit.jupiter.api.Test;

class SkypatchCliTest {
    @Test
    void versionExitsCleanly() {
        assertEquals(0, SkypatchCli.execute("--version"));
    }

    @Test
    void aCommandLineThatDoesNotParseIsOneLineNamingTheHelp() {
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("--no-such-option")));
        assertEquals("skypatch: Unknown option: '--no-such-option' (see: skypatch --help)", err.strip());
        err = stderr(() -> assertEquals(2, SkypatchCli.execute("rank")));
        assertEquals("skypatch: Missing required parameter: 'RESULTS' (see: skypatch rank --help)", err.strip());
    }
}
