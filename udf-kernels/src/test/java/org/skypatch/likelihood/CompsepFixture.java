package org.skypatch.likelihood;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import org.skypatch.bench.BigEndianArrays;

/**
 * The compact compsep fixture of src/test/resources/compsep (made by
 * tools/make_compsep_test_resources.py from the shared fgbuster fixture): the 32,512 pixels with
 * |b| > 20 deg of an nside-64 LiteBIRD-like sky, K_CMB.
 */
public final class CompsepFixture {
    public static final int NSIDE = 64;
    public static final double DUST_REF_GHZ = 150.0;
    public static final double SYNC_REF_GHZ = 20.0;

    public final Properties props = new Properties();
    public final double[] frequencies;
    public final double[] sigma;
    public final int[] zonePixels;
    public final int bands;

    public CompsepFixture() {
        try (InputStream in = open("compsep.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        frequencies = doubles("frequencies_GHz");
        sigma = doubles("sigma_K_CMB");
        bands = frequencies.length;
        zonePixels = ints("mask_pixels.i4", -1);
    }

    public double[] doubles(String key) {
        return Arrays.stream(props.getProperty(key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Noisy maps [band][Q,U][zone pixel]. */
    public double[][][] noisyMaps() {
        return cube("freq_maps.f8", bands, 2, zonePixels.length);
    }

    public int subsetSize() {
        return Integer.parseInt(props.getProperty("subset_pixels"));
    }

    /** Noiseless maps of the first subsetSize() zone pixels. */
    public double[][][] noiselessSubset() {
        return cube("noiseless_subset.f8", bands, 2, subsetSize());
    }

    /** True BETA_D, TEMP_D, BETA_S of the first subsetSize() zone pixels. */
    public double[][] paramsTrueSubset() {
        return cube("params_true_subset.f8", 1, 3, subsetSize())[0];
    }

    public double[][] fgbusterCmb(String fitCase) {
        return cube("fgbuster_" + fitCase + "_cmb.f8", 1, 2, zonePixels.length)[0];
    }

    public double[][] fgbusterNside8Params() {
        return cube("fgbuster_basic_nside8_params.f8", 1, 3, 768)[0];
    }

    public int[] patches(int nsideOut) {
        return ints("patches_nside" + nsideOut + ".i4", zonePixels.length);
    }

    public FitProblem problem(int[] dustBeta, int[] dustTemp, int[] syncBeta) {
        return new FitProblem(frequencies, DUST_REF_GHZ, SYNC_REF_GHZ, sigma, dustBeta, dustTemp, syncBeta);
    }

    private static InputStream open(String name) {
        InputStream in = CompsepFixture.class.getResourceAsStream("/compsep/" + name);
        if (in == null) {
            throw new IllegalStateException("test resource compsep/" + name
                    + " missing: run tools/make_compsep_test_resources.py");
        }
        return in;
    }

    private static double[][][] cube(String name, int a, int b, int c) {
        try {
            return BigEndianArrays.doubles(open(name), a, b, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(String name, int count) {
        try {
            int[] out = BigEndianArrays.ints(open(name));
            if (count >= 0 && out.length != count) {
                throw new IllegalStateException("compsep/" + name + " holds " + out.length + " values, expected " + count);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
