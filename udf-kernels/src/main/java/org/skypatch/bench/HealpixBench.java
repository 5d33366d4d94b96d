package org.skypatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;
import org.skypatch.sphere.UdGrade;

/**
 * Throughput of the HEALPix geometry (pixels per second over whole maps) and of FITS map I/O.
 * Prints the figures and writes them to args[0] (default target/bench/healpix.txt).
 */
public final class HealpixBench {
    private static final int REPEATS = 3;

    private HealpixBench() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/healpix.txt");
        List<String> lines = new ArrayList<>();
        int nside = 1024;
        long npix = Healpix.npix(nside);
        double[] vec = new double[3];
        for (Ordering o : Ordering.values()) {
            record(lines, "pix2vec " + o + " nside " + nside, npix, () -> {
                double acc = 0;
                for (long p = 0; p < npix; p++) {
                    Healpix.pix2vec(nside, o, p, vec);
                    acc += vec[2];
                }
                return acc;
            });
        }
        int samples = 5_000_000;
        double[] theta = new double[samples];
        double[] phi = new double[samples];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < samples; i++) {
            theta[i] = Math.acos(2 * rng.nextDouble() - 1);
            phi[i] = 2 * Math.PI * rng.nextDouble();
        }
        for (Ordering o : Ordering.values()) {
            record(lines, "ang2pix " + o + " nside " + nside, samples, () -> {
                double acc = 0;
                for (int i = 0; i < samples; i++) {
                    acc += Healpix.ang2pix(nside, o, theta[i], phi[i]);
                }
                return acc;
            });
        }
        record(lines, "ring2nest nside " + nside, npix, () -> {
            double acc = 0;
            for (long p = 0; p < npix; p++) {
                acc += Healpix.ring2nest(nside, p);
            }
            return acc;
        });
        record(lines, "parent RING nside " + nside + " -> 8", npix, () -> {
            double acc = 0;
            for (long p = 0; p < npix; p++) {
                acc += Healpix.parent(nside, Ordering.RING, p, 8);
            }
            return acc;
        });
        double[] map = new double[(int) npix];
        for (int p = 0; p < map.length; p++) {
            map[p] = rng.nextGaussian();
        }
        record(lines, "udGrade RING nside " + nside + " -> 64 (input pixels)", npix,
                () -> UdGrade.udGrade(map, Ordering.RING, 64, false)[0]);
        int fitsNside = 512;
        double[][] cols = new double[3][(int) Healpix.npix(fitsNside)];
        for (double[] c : cols) {
            for (int p = 0; p < c.length; p++) {
                c[p] = rng.nextGaussian();
            }
        }
        HealpixMap iqu = new HealpixMap(fitsNside, Ordering.RING, "G", new String[] {"I", "Q", "U"},
                new String[] {"K_CMB", "K_CMB", "K_CMB"}, cols);
        Path file = out.toAbsolutePath().getParent().resolve("healpix-bench-iqu.fits");
        long values = 3 * Healpix.npix(fitsNside);
        record(lines, "FITS write 3 x float64 nside " + fitsNside + " (values)", values, () -> {
            HealpixFits.write(file, iqu);
            return 0;
        });
        record(lines, "FITS read 3 x float64 nside " + fitsNside + " (values)", values,
                () -> HealpixFits.read(file).columns()[2][7]);
        try {
            Files.deleteIfExists(file);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("written to " + out);
    }

    private interface Work {
        double run();
    }

    /** Best of {@link #REPEATS} timed runs after one warm-up, as millions of items per second. */
    private static void record(List<String> lines, String what, long items, Work work) {
        double sink = work.run();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            sink += work.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        String line = String.format(Locale.ROOT, "%-48s %8.1f M/s  (%7.1f ms for %d; checksum %.3g)", what,
                items / (best / 1e3), best / 1e6, items, sink);
        System.out.println(line);
        lines.add(line);
    }
}
