package org.skypatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.skypatch.sky.ForegroundModel;
import org.skypatch.sky.GalacticZones;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.WhiteNoise;

/**
 * Throughput of the sky model's pixel loops: counter-based noise (deviates per second), mixing the
 * 15 LiteBIRD bands (pixels per second) and mask-making smoothing. Prints and writes the figures to
 * args[0] (default target/bench/sky.txt).
 */
public final class SkyBench {
    private SkyBench() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/sky.txt");
        StringBuilder report = new StringBuilder();
        int npix = 12 * 512 * 512;
        double[] map = new double[npix];
        double sink = 0;
        for (int rep = 0; rep < 5; rep++) { // the first repetitions warm the JIT up
            long t0 = System.nanoTime();
            WhiteNoise.fillRange(1, rep, 3, 0, 0, 1e-7, map);
            double s = (System.nanoTime() - t0) * 1e-9;
            sink += map[rep];
            line(report, "WhiteNoise.fillRange nside 512 (%d px): %.3f s, %.1f M deviates/s", npix, s, npix / s / 1e6);
        }
        int nside = 64;
        int n = 12 * nside * nside;
        double[][] amp = new double[2][n];
        double[] bd = new double[n];
        double[] td = new double[n];
        double[] bs = new double[n];
        java.util.Arrays.fill(bd, 1.54);
        java.util.Arrays.fill(td, 20);
        java.util.Arrays.fill(bs, -3);
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            double[][][] d = ForegroundModel.PAPER.mix(Instrument.liteBird(), amp, amp, amp, bd, td, bs);
            double s = (System.nanoTime() - t0) * 1e-9;
            sink += d[0][0][rep];
            line(report, "ForegroundModel.mix 15 bands nside 64: %.3f s, %.2f M pixels/s", s, n / s / 1e6);
        }
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            double[] score = GalacticZones.polarizedIntensityScore(amp[0], amp[1], 5);
            double s = (System.nanoTime() - t0) * 1e-9;
            sink += score[rep];
            line(report, "polarizedIntensityScore nside 64, FWHM 5 deg: %.3f s", s);
        }
        line(report, "(checksum %.3g)", sink);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }
}
